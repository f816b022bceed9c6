import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Note } from '../../sim/simulation.js';
import { checkLockExclusivity } from './exclusivity.js';
import type { FaultSchedule } from '../../faults/types.js';
import { lockBeliefs, runEnds, type LockHeld } from './notes.js';

const held = (client: string, fromMs: number, untilMs: number | null, session = `${client}#1`): Note =>
  ({ timeUs: fromMs * 1000, node: client, kind: 'lock-held', data: { lock: 'L', client, session, fromUs: fromMs * 1000, untilUs: untilMs === null ? null : untilMs * 1000 } satisfies LockHeld });
const belief = (client: string, fromMs: number, toMs: number, session = `${client}#1`): Note =>
  ({ timeUs: toMs * 1000, node: client, kind: 'lock-belief', data: { lock: 'L', client, session, fromUs: fromMs * 1000, toUs: toMs * 1000 } });
const crash = (node: string, atMs: number, kind: 'crash' | 'restart' = 'crash'): FaultSchedule[number] => ({ at: atMs * 1000, kind, node });

test('a holder that crashed after another client acquired overlaps it', () => {
  const notes = [held('c1', 100, 2000), held('c2', 500, 1500), belief('c2', 500, 900, 'c2#1')];
  const beliefs = lockBeliefs(notes, runEnds([crash('c1', 1000)], 5_000_000));
  assert.equal(beliefs.find((b) => b.client === 'c1')?.toUs, 1_000_000);
  const r = checkLockExclusivity(beliefs);
  assert.is(r.valid, false);
  assert.match(r.explanation, /c1 \(c1#1\) and c2 \(c2#1\) both held "L" over 500\.000-900\.000 ms/);
});

test('a holder that crashed before the other acquired does not', () => {
  const notes = [held('c1', 100, 2000), held('c2', 500, 1500), belief('c2', 500, 900)];
  assert.is(checkLockExclusivity(lockBeliefs(notes, runEnds([crash('c1', 400), crash('c2', 9_000)], 10_000_000))).valid, true);
});

test('an unclosed belief ends at its validity, at the run\'s end, or at the first crash after it began', () => {
  const end = (notes: Note[], schedule: FaultSchedule, endMs: number) => lockBeliefs(notes, runEnds(schedule, endMs * 1000)).map((b) => b.toUs / 1000);
  assert.equal(end([held('c1', 100, 300)], [crash('c1', 1000)], 5000), [300]);
  assert.equal(end([held('c1', 100, null)], [], 5000), [5000]);
  assert.equal(end([held('c1', 100, null)], [crash('c1', 50), crash('c1', 2000, 'restart'), crash('c1', 3000)], 5000), [2000]);
  assert.equal(end([held('c1', 100, 50)], [], 5000), [100], 'a validity already over at the grant: an empty belief');
});

test('a closed belief is taken as noted; an extension\'s later validity counts; notes alone end at the validity or the last note', () => {
  assert.equal(lockBeliefs([held('c1', 100, 2000), belief('c1', 100, 400)]).map((b) => b.toUs), [400_000]);
  const extended = [held('c1', 100, 300), held('c1', 100, 600)];
  assert.equal(lockBeliefs(extended, runEnds([], 5_000_000)).map((b) => b.toUs), [600_000]);
  assert.equal(lockBeliefs([held('c1', 100, null), belief('c2', 200, 700, 'c2#1')]).map((b) => b.toUs).sort(), [700_000, 700_000]);
});

test.run();
