import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FaultSchedule } from '../../faults/types.js';
import { checkMinorityWrites, grudgeTimeline, type ServerWrite } from './minority.js';

const SERVERS = ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'];
const MS = 1000;
/** zk5 isolated from the other servers (clients still reach it) over [100, 500) ms. */
const ISOLATED = { zk5: ['zk1', 'zk2', 'zk3', 'zk4'], zk1: ['zk5'], zk2: ['zk5'], zk3: ['zk5'], zk4: ['zk5'] };
const isolate5: FaultSchedule = [
  { at: 100 * MS, kind: 'partition', shape: 'isolate', nodes: ['zk5'], grudge: ISOLATED },
  { at: 500 * MS, kind: 'heal' },
];
const w = (server: string, fromMs: number, toMs: number, outcome: ServerWrite['outcome'], client = 'c1'): ServerWrite =>
  ({ index: fromMs, client, server, invokeUs: fromMs * MS, doneUs: toMs * MS, outcome });

test('minority: timeline of grudges, healed at the end of the nemesis', () => {
  const t = grudgeTimeline(isolate5, 3000 * MS);
  assert.equal(t.map((s) => [s.fromUs / MS, s.toUs / MS, Object.keys(s.grudge).length]), [[0, 100, 0], [100, 500, 5], [500, 3000, 0], [3000, Infinity, 0]]);
  // A partition left open is healed by the runner when the nemesis ends.
  const open = grudgeTimeline([isolate5[0]!], 3000 * MS);
  assert.equal(open.map((s) => [s.fromUs / MS, s.toUs / MS]), [[0, 100], [100, 3000], [3000, Infinity]]);
});

test('minority: partitions layer as the kernel applies them, unless one replaces the others', () => {
  const three = ['zk1', 'zk2', 'zk3'];
  const layered: FaultSchedule = [
    { at: 100 * MS, kind: 'partition', shape: 'custom', nodes: ['zk1', 'zk2'], grudge: { zk1: ['zk2'], zk2: ['zk1'] } },
    { at: 200 * MS, kind: 'partition', shape: 'custom', nodes: ['zk1', 'zk3'], grudge: { zk1: ['zk3'], zk3: ['zk1'] } },
  ];
  const t = grudgeTimeline(layered, 1000 * MS);
  assert.equal(t.find((seg) => seg.fromUs === 200 * MS)?.grudge['zk1'], ['zk2', 'zk3']);
  // zk1 has been alone since the second partition: a write it acknowledges then had no quorum.
  assert.is(checkMinorityWrites([w('zk1', 300, 310, 'ok')], layered, three, 1000 * MS).valid, false);
  const replaced: FaultSchedule = [layered[0]!, { ...layered[1]!, replace: true } as FaultSchedule[number]];
  assert.equal(grudgeTimeline(replaced, 1000 * MS).find((seg) => seg.fromUs === 200 * MS)?.grudge['zk1'], ['zk3']);
  assert.is(checkMinorityWrites([w('zk1', 300, 310, 'ok')], replaced, three, 1000 * MS).valid, true);
});

test('minority: refused and timed-out writes on the cut-off server pass and are counted', () => {
  const r = checkMinorityWrites([w('zk5', 200, 210, 'fail'), w('zk5', 300, 400, 'info'), w('zk1', 200, 210, 'ok')], isolate5, SERVERS, 3000 * MS);
  assert.is(r.valid, true, r.explanation);
  assert.is(r.stats?.['cutOff'], 2);
  assert.is(r.stats?.['refused'], 2);
});

test('minority: a write acknowledged by the cut-off server fails', () => {
  const r = checkMinorityWrites([w('zk5', 200, 260, 'ok')], isolate5, SERVERS, 3000 * MS);
  assert.is(r.valid, false);
  assert.match(r.explanation, /1 write\(s\) acknowledged by a server cut off from a quorum; first: op 200 by c1 on zk5 over 200\.000-260\.000 ms/);
});

test('minority: an ack is fine when the window is not wholly cut off, or on the majority side', () => {
  // Invoked before the partition: it may have committed before the cut.
  assert.is(checkMinorityWrites([w('zk5', 90, 150, 'ok')], isolate5, SERVERS, 3000 * MS).valid, true);
  // Answered after the heal.
  assert.is(checkMinorityWrites([w('zk5', 450, 520, 'ok')], isolate5, SERVERS, 3000 * MS).valid, true);
  // zk1..zk4 are four of five: a quorum.
  assert.is(checkMinorityWrites([w('zk2', 200, 260, 'ok')], isolate5, SERVERS, 3000 * MS).valid, true);
});

test('minority: a client that cannot reach the server does not count as sending to it', () => {
  const cut: FaultSchedule = [{ at: 100 * MS, kind: 'partition', shape: 'custom', nodes: [], grudge: { ...ISOLATED, c1: ['zk5'] } }];
  const r = checkMinorityWrites([w('zk5', 200, 260, 'info')], cut, SERVERS, 3000 * MS);
  assert.is(r.stats?.['cutOff'], 0);
});

test('minority: one-way cuts count (a server that cannot hear a majority is cut off)', () => {
  const deaf: FaultSchedule = [{ at: 0, kind: 'partition', shape: 'one-way', nodes: [], grudge: { zk1: ['zk2', 'zk3', 'zk4'] } }];
  assert.is(checkMinorityWrites([w('zk1', 10, 20, 'ok')], deaf, SERVERS, 3000 * MS).valid, false);
  assert.is(checkMinorityWrites([w('zk1', 10, 20, 'ok')], [{ ...deaf[0]!, grudge: { zk1: ['zk2', 'zk3'] } } as FaultSchedule[number]], SERVERS, 3000 * MS).valid, true);
});

test.run();
