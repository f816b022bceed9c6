import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { scheduleArbitrary } from './arbitrary.js';
import { swarmScheduleArbitrary } from './swarm.js';
import { faultsAtPoints } from './at-points.js';
import { compile } from './compile.js';
import { isHealed } from './heal.js';
import { parseSchedule, validate } from './validate.js';
import { RecordingTarget } from './fake-target.test-util.js';
import { isTriggered, type Fault, type Schedule, type Topology } from './types.js';
import type { ScheduleOptions } from './options.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3', 'n4', 'n5'], clients: ['c1', 'c2'] };
const options: ScheduleOptions = {
  startUs: 1_000_000,
  endUs: 11_000_000,
  maxFaults: 8,
  partitionNodes: 'all',
  pauseNodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'c1'],
};

function checkWellFormed(entries: Schedule, o: ScheduleOptions): void {
  validate(entries, topology);
  const schedule = entries.filter((f): f is Fault => !isTriggered(f));
  assert.ok(entries.slice(schedule.length).every(isTriggered), 'triggered entries after the timed ones');
  for (let i = 1; i < schedule.length; i++) {
    assert.ok((schedule[i - 1]?.at ?? 0) <= (schedule[i]?.at ?? 0), 'sorted by time');
  }
  assert.ok(isHealed(schedule), 'ends healed');
  const target = new RecordingTarget(topology);
  for (const action of compile(schedule, topology)) {
    assert.ok(action.atUs >= o.startUs && action.atUs <= o.endUs, `${action.label} inside the window`);
    action.apply(target);
  }
}

test('every generated schedule validates, is sorted, stays in the window and ends healed', () => {
  fc.assert(fc.property(scheduleArbitrary(topology, options), (s) => checkWellFormed(s, options)), { seed: 1, numRuns: 300 });
});

test('schedules survive a JSON round-trip unchanged', () => {
  fc.assert(
    fc.property(scheduleArbitrary(topology, options), (s) => {
      assert.equal(parseSchedule(JSON.stringify(s), topology), s);
    }),
    { seed: 2, numRuns: 200 },
  );
});

test('shrinking: a failure caused by any crash shrinks to one short crash at the window start', () => {
  const o: ScheduleOptions = { ...options, minDurationUs: 5_000 };
  const result = fc.check(
    fc.property(scheduleArbitrary(topology, o), (s) => !s.some((f) => f.kind === 'crash')),
    { seed: 3, numRuns: 500 },
  );
  assert.ok(result.failed, 'found a schedule with a crash');
  const [schedule] = result.counterexample ?? [[]];
  assert.equal(schedule, [
    { at: 1_000_000, kind: 'crash', node: 'n1' },
    { at: 1_005_000, kind: 'restart', node: 'n1' },
  ]);
});

test('options pick the kinds and the eligible nodes', () => {
  const o: ScheduleOptions = { ...options, kinds: ['pause'], pauseNodes: ['c1'] };
  fc.assert(
    fc.property(scheduleArbitrary(topology, o), (s) => {
      for (const f of s) assert.ok((f.kind === 'pause' || f.kind === 'resume') && f.node === 'c1', JSON.stringify(f));
    }),
    { seed: 4, numRuns: 100 },
  );
  fc.assert(fc.property(scheduleArbitrary(topology, { ...options, kinds: [] }), (s) => s.length === 0), { numRuns: 5 });
});

test('maxDown bounds how many nodes are crashed or paused at once', () => {
  const o: ScheduleOptions = { ...options, kinds: ['crash', 'pause'], maxDown: 2, maxFaults: 12 };
  fc.assert(
    fc.property(scheduleArbitrary(topology, o), (s) => {
      const down = new Set<string>();
      for (const f of s) {
        if (f.kind === 'crash' || f.kind === 'pause') down.add(f.node);
        if (f.kind === 'restart' || f.kind === 'resume') down.delete(f.node);
        assert.ok(down.size <= 2, `down: ${[...down].join(',')}`);
      }
    }),
    { seed: 5, numRuns: 200 },
  );
});

test('swarm: fast-check picks the profile too; schedules stay well formed', () => {
  fc.assert(fc.property(swarmScheduleArbitrary(topology, options), (s) => checkWellFormed(s, options)), { seed: 6, numRuns: 200 });
});

const triggerOptions: ScheduleOptions = {
  ...options,
  kinds: ['crash', 'pause', 'partition'],
  triggerPoints: ['p:first', { point: 'p:second', nodes: ['n2', 'n3'], maxOccurrence: 5 }],
  triggerWeight: 3,
  maxTriggerDelayUs: 30_000,
};

test('with trigger points, episodes hang on them too: valid entries, both faults of an episode on one trigger', () => {
  let triggered = 0;
  fc.assert(
    fc.property(scheduleArbitrary(topology, triggerOptions), (s) => {
      checkWellFormed(s, triggerOptions);
      for (const f of s.filter(isTriggered)) {
        triggered++;
        assert.ok(['p:first', 'p:second'].includes(f.on.point), f.on.point);
        assert.ok(f.on.occurrence >= 1 && f.on.occurrence <= (f.on.point === 'p:second' ? 5 : 3));
        if (f.on.point === 'p:first' && f.on.node !== undefined) assert.ok('node' in f && f.on.node === f.node, 'p:first names no nodes: only the victim');
        const pair = s.filter((g) => isTriggered(g) && JSON.stringify(g.on) === JSON.stringify(f.on));
        assert.ok(pair.length % 2 === 0, `an episode's start and end share the trigger: ${JSON.stringify(pair)}`);
      }
    }),
    { seed: 7, numRuns: 200 },
  );
  assert.ok(triggered > 100, `drew ${triggered} triggered entries`);
  fc.assert(fc.property(scheduleArbitrary(topology, { ...triggerOptions, triggerWeight: 0 }), (s) => !s.some(isTriggered)), { numRuns: 50 });
});

test('shrinking: a failure needing a crash on the 2nd report of p:second shrinks to one, on the first node, no delay, shortest', () => {
  const o: ScheduleOptions = { ...triggerOptions, minDurationUs: 5_000 };
  const result = fc.check(
    fc.property(scheduleArbitrary(topology, o), (s) => !s.some((f) => isTriggered(f) && f.kind === 'crash' && f.on.point === 'p:second' && f.on.occurrence >= 2)),
    { seed: 8, numRuns: 500 },
  );
  assert.ok(result.failed, 'found one');
  const on = { point: 'p:second', occurrence: 2 };
  assert.equal(result.counterexample?.[0], [
    { kind: 'crash', node: 'n1', on, afterUs: 0 },
    { kind: 'restart', node: 'n1', on, afterUs: 5_000 },
  ]);
});

test('faultsAtPoints: only triggered episodes, of its kinds, on its victims, within its delay', () => {
  const o: ScheduleOptions = {
    ...options,
    ...faultsAtPoints({ points: ['p:x'], reporters: ['n1'], kinds: ['pause'], victims: ['c1', 'c2'], durationMs: { min: 200, max: 300 }, maxDelayMs: 4, maxFaults: 2 }),
  };
  let drawn = 0;
  fc.assert(fc.property(scheduleArbitrary(topology, o), (s) => {
    for (const f of s) {
      drawn++;
      assert.ok(isTriggered(f) && f.on.point === 'p:x' && [undefined, 'n1', 'c1', 'c2'].includes(f.on.node), JSON.stringify(f));
      assert.ok((f.kind === 'pause' || f.kind === 'resume') && ['c1', 'c2'].includes(f.node), JSON.stringify(f));
      assert.ok(f.kind === 'pause' ? f.afterUs <= 4000 : f.afterUs >= 200_000 && f.afterUs <= 304_000, JSON.stringify(f));
    }
  }), { seed: 10, numRuns: 100 });
  assert.ok(drawn > 100);
});

test('swarm mixes triggered faults in', () => {
  let triggered = 0;
  fc.assert(fc.property(swarmScheduleArbitrary(topology, triggerOptions), (s) => {
    checkWellFormed(s, triggerOptions);
    triggered += s.filter(isTriggered).length;
  }), { seed: 9, numRuns: 100 });
  assert.ok(triggered > 20, `drew ${triggered} triggered entries`);
});

test.run();
