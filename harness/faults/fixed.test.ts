import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { kafkaUncleanElection } from '../../scenarios/kafka/unclean-leader-election.js';
import { nemesisArbitrary, runOnce } from '../run/run-once.js';
import { fixedSchedule } from './fixed.js';
import { cut } from './partitions.js';
import { FaultScheduleError } from './validate.js';
import type { Schedule, Topology } from './types.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3'], clients: ['c1'] };
const window = { startUs: 0, endUs: 1_000_000 };
const written: Schedule = [
  { at: 100_000, kind: 'pause', node: 'c1' },
  { on: { point: 'zk:leader-established', occurrence: 1 }, afterUs: 0, kind: 'crash', node: 'n1' },
  { at: 200_000, kind: 'resume', node: 'c1' },
  { on: { point: 'zk:leader-established', occurrence: 1 }, afterUs: 300_000, kind: 'restart', node: 'n1' },
];

test('every draw is the schedule as written', () => {
  assert.equal(fc.sample(fixedSchedule(written)(topology, window), { seed: 1, numRuns: 5 }), [written, written, written, written, written]);
});

test('shrinking drops entries down to the ones the failure needs', () => {
  const result = fc.check(fc.property(fixedSchedule(written)(topology, window), (s) => !s.some((f) => f.kind === 'crash')), { seed: 2 });
  assert.ok(result.failed);
  assert.equal(result.counterexample?.[0], [written[1]]);
});

test('a bad entry, or a timed one outside the nemesis window, fails when the nemesis is built, naming the fault and field', () => {
  const error = (schedule: Schedule): string => {
    try {
      fixedSchedule(schedule)(topology, window);
    } catch (e) {
      assert.ok(e instanceof FaultScheduleError);
      return e.message;
    }
    return 'no error';
  };
  assert.is(error([written[0]!, { at: 5, kind: 'crash', node: 'n7' }]), 'fault #1 (crash) field "node": unknown node id, got "n7"');
  assert.is(error([{ at: 1_000_000, kind: 'heal' }]), 'fault #0 (heal) field "at": outside the nemesis window [0, 1000000) µs, got 1000000');
});

test('a hand-written schedule hung on kafka:isr-shrunk-to-one loses acknowledged writes under unclean election on every seed', async () => {
  const on = { point: 'kafka:isr-shrunk-to-one', occurrence: 1 };
  const scenario = {
    ...kafkaUncleanElection,
    nemesis: {
      schedule: {},
      arbitrary: fixedSchedule([
        { at: 500_000, kind: 'partition', shape: 'custom', nodes: ['b2', 'b3', 'b1', 'ctl'], grudge: cut(['b2', 'b3'], ['b1', 'ctl']) },
        { on, afterUs: 3_000, kind: 'crash', node: 'b1' },
        { on, afterUs: 100_000, kind: 'heal' },
        { on, afterUs: 2_003_000, kind: 'restart', node: 'b1' },
      ]),
    },
  };
  for (const seed of [1, 2, 3]) {
    const [schedule] = fc.sample(nemesisArbitrary(scenario), { seed, numRuns: 1 });
    const { result } = await runOnce(scenario, seed, schedule!);
    assert.is(result.verdict, 'violation', `seed ${seed}`);
    assert.equal(result.fired?.map((f) => f.index), [1, 2, 3], 'every triggered entry fired');
  }
});

test.run();
