import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, strobeJumps } from './compile.js';
import { healAll, isHealed, openFaults } from './heal.js';
import { partitionFault } from './partitions.js';
import { FaultScheduleError } from './validate.js';
import { RecordingTarget } from './fake-target.test-util.js';
import type { FaultSchedule, Topology } from './types.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3'], clients: ['c1'] };

function run(schedule: FaultSchedule): RecordingTarget {
  const target = new RecordingTarget(topology);
  for (const action of compile(schedule, topology)) action.apply(target);
  return target;
}

test('compile: one action per fault, sorted by time, stable for ties, labelled by describe', () => {
  const schedule: FaultSchedule = [
    { at: 300, kind: 'restart', node: 'n1' },
    { at: 100, kind: 'crash', node: 'n1' },
    { at: 200, kind: 'heal' },
    { at: 200, kind: 'link', from: 'n2', to: '*', loss: 0.5 },
    { at: 200, kind: 'pause', node: 'c1' },
  ];
  const actions = compile(schedule, topology);
  assert.equal(actions.map((a) => a.atUs), [100, 200, 200, 200, 300]);
  assert.equal(actions.map((a) => a.label), [
    'at 0.000100 s: n1 crashed',
    'at 0.000200 s: heal all partitions',
    'at 0.000200 s: link n2 -> *: loss 0.5',
    'at 0.000200 s: c1 paused',
    'at 0.000300 s: n1 restarted',
  ]);
  const target = run(schedule);
  assert.equal(target.calls, ['crash n1', 'heal', 'link n2->* {"loss":0.5}', 'pause c1', 'restart n1']);
});

test('compile: every other kind reaches the target', () => {
  const target = run([
    partitionFault(0, 'isolate', ['n2', 'n1', 'n3']),
    { at: 1, kind: 'clock-drift', node: 'n3', ppm: 100 },
    { at: 2, kind: 'clock-jump', node: 'n3', deltaMs: -7 },
    { at: 3, kind: 'resume', node: 'c1' },
    { at: 4, kind: 'link-reset' },
  ]);
  assert.equal(target.calls, [
    'setGrudge {"n2":["n1","n3"],"n1":["n2"],"n3":["n2"]}',
    'drift n3 100',
    'jump n3 -7',
    'resume c1',
    'resetLinks',
  ]);
});

test('compile: a strobe flips the clock back and forth and ends where it started', () => {
  const strobe = { at: 1_000_000, kind: 'clock-strobe', node: 'n2', deltaMs: 5000, periodMs: 100, durationMs: 1050 } as const;
  const jumps = strobeJumps(strobe);
  assert.is(jumps.length, 10);
  assert.equal(jumps.slice(0, 3), [
    { atUs: 1_000_000, deltaMs: 5000 },
    { atUs: 1_100_000, deltaMs: -5000 },
    { atUs: 1_200_000, deltaMs: 5000 },
  ]);
  const actions = compile([strobe, { at: 1_150_000, kind: 'crash', node: 'n1' }], topology);
  assert.is(actions[2]?.label, 'at 1.150 s: n1 crashed', 'later faults interleave with the flips');
  assert.is(actions[1]?.label, 'at 1.100 s: clock on n2 strobe flip 2/10: jumps back 5.000 s');
  const target = new RecordingTarget(topology);
  let maxOffset = 0;
  for (const a of actions) {
    a.apply(target);
    maxOffset = Math.max(maxOffset, target.wallOffsetMs.get('n2') ?? 0);
  }
  assert.is(maxOffset, 5000);
  assert.is(target.wallOffsetMs.get('n2'), 0);
  assert.ok((actions[actions.length - 1]?.atUs ?? Infinity) <= 1_000_000 + 1_050_000);
});

test('compile validates first', () => {
  assert.throws(() => compile([{ at: 0, kind: 'crash', node: 'n9' }], topology), (e: unknown) => e instanceof FaultScheduleError);
});

test('openFaults / healAll: what is left in effect, and the faults that undo it', () => {
  const schedule: FaultSchedule = [
    partitionFault(0, 'halves', ['n1', 'n2', 'n3']),
    { at: 1, kind: 'crash', node: 'n2' },
    { at: 1, kind: 'pause', node: 'c1' },
    { at: 2, kind: 'clock-drift', node: 'n3', ppm: 50 },
    { at: 2, kind: 'clock-jump', node: 'n3', deltaMs: 40 },
    { at: 3, kind: 'link', from: '*', to: '*', loss: 0.1 },
  ];
  const open = openFaults(schedule);
  assert.equal(open, { partitioned: true, linksChanged: true, crashed: ['n2'], paused: ['c1'], drifting: { n3: 50 }, clockOffsetMs: { n3: 40 } });
  assert.not.ok(isHealed(schedule));
  const closing = healAll(topology, 10, schedule);
  assert.equal(closing.map((f) => f.kind), ['heal', 'link-reset', 'restart', 'resume', 'clock-drift']);
  assert.ok(isHealed([...schedule, ...closing]));
  assert.equal(healAll(topology, 10).map((f) => f.kind), ['heal', 'link-reset'], 'nothing that would crash a running node');
});

test.run();
