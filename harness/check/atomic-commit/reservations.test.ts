import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitEvent, CommitEventBody } from './events.js';
import { checkReservations, type ReservationLeftAnomaly } from './reservations.js';

const at = (ms: number, node: string, body: CommitEventBody): CommitEvent => ({ ...body, timeUs: ms * 1000, node });
const reserve = (ms: number, node: string, txn = 't1') => at(ms, node, { kind: 'reserve', txn, amount: 5 });
const release = (ms: number, node: string, how: 'confirm' | 'cancel', txn = 't1') => at(ms, node, { kind: 'release', txn, how });
const cancelled = (ms: number, node: string, txn = 't1') => at(ms, node, { kind: 'decide', txn, outcome: 'abort', how: 'cancel' });
const start = (ms: number, participant: string, outcome: 'commit' | 'abort' = 'abort', txn = 't1') => at(ms, 'tc', { kind: 'branch-start', txn, participant, outcome });
const done = (ms: number, participant: string, txn = 't1') => at(ms, 'tc', { kind: 'branch-done', txn, participant });

const cases: { name: string; events: CommitEvent[]; valid: boolean; left?: number; unfinished?: number; suspended?: number }[] = [
  { name: 'nothing happened', events: [], valid: true },
  { name: 'reserved then confirmed', events: [reserve(1, 'p1'), start(2, 'p1', 'commit'), release(3, 'p1', 'confirm'), done(4, 'p1')], valid: true },
  { name: 'reserved then cancelled', events: [reserve(1, 'p1'), start(2, 'p1'), cancelled(3, 'p1'), release(3, 'p1', 'cancel'), done(4, 'p1')], valid: true },
  { name: 'an empty rollback acknowledged', events: [start(2, 'p2'), cancelled(3, 'p2'), done(4, 'p2')], valid: true },
  { name: 'a reservation never released', events: [reserve(1, 'p1'), start(2, 'p1'), done(4, 'p1')], valid: false, left: 1, suspended: 0 },
  { name: 'a try after the cancel (suspension)', events: [start(2, 'p2'), cancelled(3, 'p2'), done(4, 'p2'), reserve(9, 'p2')], valid: false, left: 1, suspended: 1 },
  { name: 'a release of another transaction does not count', events: [reserve(1, 'p1'), release(3, 'p1', 'cancel', 't2')], valid: false, left: 1 },
  { name: 'a cancel never acknowledged', events: [start(2, 'p2')], valid: false, left: 0, unfinished: 1 },
];

for (const c of cases) {
  test(`reservations: ${c.name}`, () => {
    const r = checkReservations(c.events, 20_000);
    assert.is(r.valid, c.valid, r.explanation);
    if (c.left !== undefined) assert.is(r.stats?.left, c.left);
    if (c.unfinished !== undefined) assert.is(r.stats?.unfinished, c.unfinished);
    if (c.suspended !== undefined) assert.is(r.stats?.suspended, c.suspended);
  });
}

test('reservations: a suspended try is explained with its cancel', () => {
  const r = checkReservations([start(2, 'p2'), cancelled(3, 'p2'), done(4, 'p2'), reserve(9, 'p2')], 20_000);
  assert.match(r.explanation, /p2 still holds 5 reserved for t1 since 9\.000 ms, a try that took effect after it had cancelled the transaction at 3\.000 ms \(suspension\)/);
  const a = r.anomalies[0] as ReservationLeftAnomaly;
  assert.equal([a.fromUs, a.toUs, a.nodes], [9000, 20_000, ['p2']]);
});

test.run();
