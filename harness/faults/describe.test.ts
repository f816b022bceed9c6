import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describe, describeSchedule } from './describe.js';
import { customPartition, partitionFault } from './partitions.js';
import type { Fault } from './types.js';

const N5 = ['n1', 'n2', 'n3', 'n4', 'n5'];

const cases: [Fault, string][] = [
  [partitionFault(1_200_000, 'halves', N5), 'at 1.200 s: partition halves {n1,n2} | {n3,n4,n5}'],
  [partitionFault(0, 'isolate', ['n4', 'n1', 'n2']), 'at 0.000 s: partition isolate {n4} | {n1,n2}'],
  [partitionFault(2_000_000, 'bridge', N5), 'at 2.000 s: partition bridge {n1,n2} | {n4,n5} via n3'],
  [partitionFault(2_000_000, 'one-way', N5), 'at 2.000 s: partition one-way {n1,n2} hear nothing from {n3,n4,n5}'],
  [partitionFault(2_000_000, 'majority-ring', N5), 'at 2.000 s: partition majority-ring n1~n2~n3~n4~n5 (each sees a different majority)'],
  [customPartition(1_000, { c1: ['n1', 'n2'] }), 'at 0.001 s: partition custom: c1 deaf to {n1,n2}'],
  [{ at: 5_000_000, kind: 'heal' }, 'at 5.000 s: heal all partitions'],
  [{ at: 4_500_000, kind: 'pause', node: 'n3' }, 'at 4.500 s: n3 paused'],
  [{ at: 4_500_001, kind: 'resume', node: 'n3' }, 'at 4.500001 s: n3 resumed'],
  [{ at: 1_000_000, kind: 'crash', node: 'n1' }, 'at 1.000 s: n1 crashed'],
  [{ at: 1_000_000, kind: 'restart', node: 'n1' }, 'at 1.000 s: n1 restarted'],
  [{ at: 3_000_000, kind: 'clock-jump', node: 'n2', deltaMs: 10_000 }, 'at 3.000 s: clock on n2 jumps forward 10.000 s'],
  [{ at: 3_000_000, kind: 'clock-jump', node: 'n2', deltaMs: -250 }, 'at 3.000 s: clock on n2 jumps back 250 ms'],
  [{ at: 0, kind: 'clock-drift', node: 'n2', ppm: 200 }, 'at 0.000 s: clock on n2 drifts +200 ppm'],
  [{ at: 0, kind: 'clock-drift', node: 'n2', ppm: 0 }, 'at 0.000 s: clock on n2 stops drifting'],
  [
    { at: 0, kind: 'clock-strobe', node: 'n2', deltaMs: 5000, periodMs: 100, durationMs: 2000 },
    'at 0.000 s: clock on n2 strobes ±5.000 s every 100 ms for 2.000 s',
  ],
  [{ at: 0, kind: 'link', from: 'n1', to: '*', loss: 0.2, latencyMs: 50 }, 'at 0.000 s: link n1 -> *: latency 50 ms, loss 0.2'],
  [{ at: 0, kind: 'link-reset' }, 'at 0.000 s: links reset to defaults'],
];

test('describe: one line per fault kind', () => {
  for (const [fault, line] of cases) assert.is(describe(fault), line);
});

test('describeSchedule: a line per fault, in order', () => {
  const lines = describeSchedule(cases.map(([f]) => f));
  assert.equal(lines, cases.map(([, line]) => line));
});

test('describe: a replacing partition says so; triggered faults name their point, node, occurrence and delay', () => {
  assert.is(describe({ at: 0, kind: 'partition', shape: 'custom', nodes: ['a', 'b'], grudge: { a: ['b'] }, replace: true }),
    'at 0.000 s: partition custom: a deaf to {b} (replacing any partition in effect)');
  assert.is(describe({ on: { point: 'redlock:acquired', occurrence: 1 }, afterUs: 0, kind: 'pause', node: 'c1' }),
    'right after any node reports redlock:acquired: c1 paused');
  assert.is(describe({ on: { point: 'zk:proposal-logged', node: 'zk3', occurrence: 12 }, afterUs: 2500, kind: 'crash', node: 'zk3' }),
    '2.5 ms after zk3 reports zk:proposal-logged (12th time): zk3 crashed');
  assert.is(describe({ on: { point: 'p', occurrence: 22 }, afterUs: 1_500_000, kind: 'heal' }, { index: 0, node: 'n2', pointUs: 1_000_000, at: 2_500_000 }),
    'at 2.500 s, 1.500 s after n2 reported p (22nd time) (at 1.000 s): heal all partitions');
});

test.run();
