import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Note } from '../../sim/simulation.js';
import { checkLockExclusivity, type OverlapAnomaly } from './exclusivity.js';
import { lockBeliefs, type LockBelief } from './notes.js';

const belief = (client: string, session: string, fromMs: number, toMs: number, lock = 'L'): LockBelief =>
  ({ lock, client, session, fromUs: fromMs * 1000, toUs: toMs * 1000 });

const cases: { name: string; beliefs: LockBelief[]; valid: boolean; overlaps?: number }[] = [
  { name: 'no beliefs', beliefs: [], valid: true },
  { name: 'back to back (end is exclusive)', beliefs: [belief('c1', 'c1#1', 0, 100), belief('c2', 'c2#1', 100, 200)], valid: true },
  { name: 'disjoint, out of order', beliefs: [belief('c2', 'c2#1', 300, 400), belief('c1', 'c1#1', 0, 100), belief('c1', 'c1#2', 150, 250)], valid: true },
  { name: 'different locks may overlap', beliefs: [belief('c1', 'c1#1', 0, 100, 'A'), belief('c2', 'c2#1', 50, 150, 'B')], valid: true },
  { name: 'empty belief ignored', beliefs: [belief('c1', 'c1#1', 0, 100), belief('c2', 'c2#1', 50, 50)], valid: true },
  { name: 'overlap by one µs', beliefs: [belief('c1', 'c1#1', 0, 100.001), belief('c2', 'c2#1', 100, 200)], valid: false, overlaps: 1 },
  { name: 'nested', beliefs: [belief('c1', 'c1#1', 0, 1000), belief('c2', 'c2#1', 200, 300), belief('c3', 'c3#1', 400, 500)], valid: false, overlaps: 2 },
];

for (const c of cases) {
  test(`exclusivity: ${c.name}`, () => {
    const r = checkLockExclusivity(c.beliefs);
    assert.is(r.valid, c.valid, r.explanation);
    if (c.overlaps !== undefined) assert.is(r.stats?.overlaps, c.overlaps);
    assert.is(r.anomalies.length === 0, c.valid);
  });
}

test('exclusivity: the anomaly names the pair and the window', () => {
  const r = checkLockExclusivity([belief('c2', 'c2#4', 120, 900), belief('c1', 'c1#2', 100, 400)]);
  const a = r.anomalies[0] as OverlapAnomaly;
  assert.is(a.first.client, 'c1');
  assert.is(a.second.client, 'c2');
  assert.is(a.overlapFromUs, 120_000);
  assert.is(a.overlapToUs, 400_000);
  assert.match(r.explanation, /c1 \(c1#2\) and c2 \(c2#4\) both held "L" over 120\.000-400\.000 ms/);
});

test('exclusivity: beliefs are read from notes', () => {
  const notes: Note[] = [
    { timeUs: 5, node: 'c1', kind: 'lock-belief', data: { ...belief('c1', 'c1#1', 0, 100) } },
    { timeUs: 6, node: 'c1', kind: 'resource-write', data: { value: 1 } },
    { timeUs: 7, node: 'c2', kind: 'lock-belief', data: { ...belief('c2', 'c2#1', 90, 100) } },
  ];
  const beliefs = lockBeliefs(notes);
  assert.is(beliefs.length, 2);
  assert.is(checkLockExclusivity(beliefs).valid, false);
});

test.run();
