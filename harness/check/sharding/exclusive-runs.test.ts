import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Note } from '../../sim/simulation.js';
import { checkExclusiveRuns, checkShardsKeepRunning, type OverlappingRuns } from './exclusive-runs.js';
import { runsFromNotes, SHARD_RUN_END, SHARD_RUN_START, type ShardRun } from './notes.js';

let n = 0;
const run = (instance: string, item: number, fromMs: number, toMs: number): ShardRun =>
  ({ run: `${instance}#${++n}`, item, instance, node: instance, startUs: fromMs * 1000, endUs: toMs * 1000, ended: true });

const cases: { name: string; runs: ShardRun[]; valid: boolean; overlaps?: number }[] = [
  { name: 'no runs', runs: [], valid: true },
  { name: 'back to back on one item (end is exclusive)', runs: [run('a', 0, 0, 100), run('b', 0, 100, 200)], valid: true },
  { name: 'different items at once', runs: [run('a', 0, 0, 100), run('b', 1, 50, 150)], valid: true },
  { name: 'one instance, two runs of an item at once (same runner)', runs: [run('a', 0, 0, 100), run('a', 0, 50, 150)], valid: true },
  { name: 'empty run ignored', runs: [run('a', 0, 0, 100), run('b', 0, 50, 50)], valid: true },
  { name: 'overlap by one µs', runs: [run('a', 0, 0, 100.001), run('b', 0, 100, 200)], valid: false, overlaps: 1 },
  { name: 'a paused run spanning two of another instance', runs: [run('a', 2, 0, 900), run('b', 2, 300, 380), run('b', 2, 500, 580), run('c', 3, 0, 900)], valid: false, overlaps: 2 },
];

for (const c of cases) {
  test(`exclusive runs: ${c.name}`, () => {
    const r = checkExclusiveRuns(c.runs);
    assert.is(r.valid, c.valid, r.explanation);
    if (c.overlaps !== undefined) assert.is(r.stats?.overlaps, c.overlaps);
    assert.is(r.anomalies.length === 0, c.valid);
  });
}

test('exclusive runs: the anomaly names the item, both instances and the window', () => {
  const r = checkExclusiveRuns([run('b', 4, 120, 900), run('a', 4, 100, 400)]);
  const a = r.anomalies[0] as OverlappingRuns;
  assert.equal([a.item, a.first.instance, a.second.instance, a.overlapFromUs, a.overlapToUs], [4, 'a', 'b', 120_000, 400_000]);
  assert.match(r.explanation, /item 4 run by a and b at once over 120\.000-400\.000 ms/);
});

test('keeps running: every item started within the window, or the missing ones are named', () => {
  const runs = [run('a', 0, 900, 950), run('a', 0, 1100, 1150), run('b', 1, 1900, 1950), run('b', 2, 2600, 2650)];
  const ok = checkShardsKeepRunning(runs.slice(0, 3), [0, 1], 1000_000, 1000_000);
  assert.is(ok.valid, true, ok.explanation);
  const r = checkShardsKeepRunning(runs, [0, 1, 2, 3], 1000_000, 1000_000);
  assert.is(r.valid, false);
  assert.equal(r.anomalies.map((a) => (a as { item: number }).item), [2, 3]);
  assert.match(r.explanation, /item\(s\) 2, 3 did not run within 1000\.000 ms of 1000\.000 ms/);
});

test('notes: starts and ends pair by run; a run without an end is cut off', () => {
  const note = (timeUs: number, node: string, kind: string, run: string, item: number): Note => ({ timeUs, node, kind, data: { run, item, instance: `${node}@-@0` } });
  const notes: Note[] = [
    note(100, 'j1', SHARD_RUN_START, 'j1#1', 0),
    note(150, 'j2', SHARD_RUN_START, 'j2#1', 0),
    { timeUs: 160, node: 'j2', kind: 'other', data: {} },
    note(200, 'j1', SHARD_RUN_END, 'j1#1', 0),
  ];
  const runs = runsFromNotes(notes, (node, startUs) => (node === 'j2' ? startUs + 1000 : 0));
  assert.equal(runs.map((r) => [r.run, r.startUs, r.endUs, r.ended]), [['j1#1', 100, 200, true], ['j2#1', 150, 1150, false]]);
  assert.is(checkExclusiveRuns(runs).valid, false);
});

test.run();
