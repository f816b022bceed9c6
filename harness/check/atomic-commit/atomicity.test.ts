import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogLine, Note } from '../../sim/simulation.js';
import { checkAtomicity, type AtomicityAnomaly } from './atomicity.js';
import { commitEventLine, commitEvents, type CommitEvent, type CommitEventBody } from './events.js';

const at = (ms: number, node: string, body: CommitEventBody): CommitEvent => ({ ...body, timeUs: ms * 1000, node });
const begin = (ms: number, txn = 't1') => at(ms, 'tc', { kind: 'begin', txn, participants: ['p1', 'p2'] });
const yes = (ms: number, node: string, txn = 't1') => at(ms, node, { kind: 'vote', txn, vote: 'yes' });
const no = (ms: number, node: string, txn = 't1') => at(ms, node, { kind: 'vote', txn, vote: 'no' });
const doubt = (ms: number, node: string, txn = 't1') => at(ms, node, { kind: 'in-doubt', txn });
const decide = (ms: number, node: string, outcome: 'commit' | 'abort', how = 'coordinator', txn = 't1') => at(ms, node, { kind: 'decide', txn, outcome, how });

const cases: { name: string; events: CommitEvent[]; valid: boolean; kinds?: AtomicityAnomaly['kind'][] }[] = [
  { name: 'nothing happened', events: [], valid: true },
  { name: 'all commit after every yes', events: [begin(0), yes(1, 'p1'), yes(2, 'p2'), decide(3, 'tc', 'commit'), decide(4, 'p1', 'commit'), decide(4, 'p2', 'commit')], valid: true },
  { name: 'all abort after a no', events: [begin(0), yes(1, 'p1'), no(2, 'p2'), decide(2, 'p2', 'abort', 'vote'), decide(3, 'tc', 'abort'), decide(4, 'p1', 'abort')], valid: true },
  { name: 'some undecided is not a violation', events: [begin(0), yes(1, 'p1'), yes(2, 'p2'), decide(3, 'tc', 'commit'), decide(4, 'p1', 'commit')], valid: true },
  { name: 'two transactions, different outcomes', events: [begin(0), begin(0, 't2'), yes(1, 'p1'), yes(1, 'p2'), decide(2, 'p1', 'commit'), decide(2, 'p1', 'abort', 'coordinator', 't2')], valid: true },
  { name: 'a participant commits, another aborts', events: [begin(0), yes(1, 'p1'), yes(1, 'p2'), decide(5, 'p1', 'commit', 'timeout'), decide(6, 'p2', 'abort', 'timeout')], valid: false, kinds: ['disagreement'] },
  { name: 'the client is told commit, a participant aborted', events: [begin(0), yes(1, 'p1'), yes(1, 'p2'), decide(3, 'p1', 'commit'), decide(3, 'p2', 'commit'), decide(4, 'c1', 'abort', 'told')], valid: false, kinds: ['disagreement'] },
  { name: 'commit without a vote from p2', events: [begin(0), yes(1, 'p1'), decide(3, 'p1', 'commit')], valid: false, kinds: ['commit-without-yes-votes'] },
  { name: 'a yes vote after the commit does not count', events: [begin(0), yes(1, 'p1'), decide(3, 'p1', 'commit'), yes(4, 'p2')], valid: false, kinds: ['commit-without-yes-votes'] },
  { name: 'commit of a transaction that never began', events: [yes(1, 'p1'), decide(3, 'p1', 'commit')], valid: false, kinds: ['commit-without-yes-votes'] },
];

for (const c of cases) {
  test(`atomicity: ${c.name}`, () => {
    const r = checkAtomicity(c.events, 100_000);
    assert.is(r.valid, c.valid, r.explanation);
    assert.equal((r.anomalies as AtomicityAnomaly[]).map((a) => a.kind), c.kinds ?? []);
  });
}

test('atomicity: the explanation names the nodes, rules and times', () => {
  const r = checkAtomicity([begin(0), yes(1, 'p1'), yes(1, 'p2'), decide(5, 'p1', 'commit', 'timeout'), decide(6, 'p2', 'abort', 'timeout')], 10_000);
  assert.match(r.explanation, /t1 committed at p1 \(timeout, 5\.000 ms\) but aborted at p2 \(timeout, 6\.000 ms\)/);
  const a = r.anomalies[0] as AtomicityAnomaly;
  assert.equal([a.fromUs, a.toUs, a.nodes], [6000, 6000, ['p1', 'p2']]);
});

test('atomicity: blocked time runs from in doubt to the decision, or to the end of the run', () => {
  const r = checkAtomicity([begin(0), yes(1, 'p1'), doubt(1, 'p1'), yes(2, 'p2'), doubt(2, 'p2'), decide(3, 'tc', 'commit'), decide(41, 'p1', 'commit'), decide(7, 'p2', 'commit', 'recovery')], 100_000);
  assert.is(r.valid, true);
  assert.equal([r.stats?.inDoubt, r.stats?.stillInDoubt, r.stats?.blockedMaxMs, r.stats?.blockedTotalMs], [2, 0, 40, 45]);
  const open = checkAtomicity([begin(0), yes(1, 'p1'), doubt(1, 'p1')], 51_000);
  assert.equal([open.stats?.stillInDoubt, open.stats?.blockedMaxMs, open.stats?.undecided], [1, 50, 1]);
});

test('atomicity: events come from log lines and client notes, in time order', () => {
  const logs: LogLine[] = [
    { timeUs: 1000, node: 'tc', message: commitEventLine({ kind: 'begin', txn: 't1', participants: ['p1'] }) },
    { timeUs: 1500, node: 'p1', message: 'unrelated line' },
    { timeUs: 2000, node: 'p1', message: commitEventLine({ kind: 'vote', txn: 't1', vote: 'yes' }) },
    { timeUs: 3000, node: 'p1', message: commitEventLine({ kind: 'decide', txn: 't1', outcome: 'commit', how: 'coordinator' }) },
  ];
  const notes: Note[] = [{ timeUs: 2500, node: 'c1', kind: 'commit-outcome', data: { txn: 't1', outcome: 'abort' } }];
  const events = commitEvents(logs, notes);
  assert.equal(events.map((e) => `${e.node}:${e.kind}`), ['tc:begin', 'p1:vote', 'c1:decide', 'p1:decide']);
  assert.is(checkAtomicity(events, 4000).valid, false);
});

test.run();
