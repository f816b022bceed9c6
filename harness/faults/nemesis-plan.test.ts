import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { NodeFactory } from '../sim/types.js';
import fc from 'fast-check';
import { scheduleArbitrary } from './arbitrary.js';
import { describeSchedule } from './describe.js';
import { compileNemesis } from './nemesis-plan.js';
import { cut } from './partitions.js';
import { FaultScheduleError } from './validate.js';
import type { Schedule, Topology } from './types.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3'], clients: [] };

/** Each node ticks every 10 ms (n1 at 10, 20, ...; n2 at 11, 21, ...), logging and reporting point `tick` with the count. */
const ticker: NodeFactory = (id) => {
  let count = 0;
  const phaseMs = Number(id.slice(1)) - 1;
  return {
    init(ctx) {
      ctx.setTimer(10 + phaseMs, 'tick');
    },
    onMessage() {},
    onTimer(ctx) {
      count++;
      ctx.log(`tick ${count}`);
      ctx.point('tick', String(count));
      if (count === 2) ctx.cover('second-tick');
      ctx.setTimer(10, 'tick');
    },
  };
};

async function play(schedule: Schedule, endUs = 200_000) {
  const plan = compileNemesis(schedule, topology, endUs);
  const sim = new Simulation({
    seed: 1,
    servers: topology.servers.map((id) => ({ id, factory: ticker })),
    faults: plan.actions,
    ...(plan.onPoint ? { onPoint: plan.onPoint } : {}),
  });
  await sim.run(300);
  const ticks = (node: string) => sim.logs.filter((l) => l.node === node).map((l) => l.timeUs / 1000);
  return { plan, sim, ticks };
}

test('a triggered crash fires on the k-th report of its point by its node, after its delay, and its restart off the same occurrence', async () => {
  const on = { point: 'tick', node: 'n2', occurrence: 3 };
  const { plan, ticks, sim } = await play([
    { on, afterUs: 500, kind: 'crash', node: 'n1' },
    { on, afterUs: 40_500, kind: 'restart', node: 'n1' },
  ]);
  // n2's third tick is at 31 ms: n1 is down from 31.5 ms to 71.5 ms, so its ticks at 40..70 ms never happen.
  assert.equal(plan.fired, [
    { index: 0, node: 'n2', detail: '3', pointUs: 31_000, at: 31_500 },
    { index: 1, node: 'n2', detail: '3', pointUs: 31_000, at: 71_500 },
  ]);
  assert.equal(ticks('n1').slice(0, 5), [10, 20, 30, 81.5, 91.5]);
  assert.equal(plan.applied(), [
    { at: 31_500, kind: 'crash', node: 'n1' },
    { at: 71_500, kind: 'restart', node: 'n1' },
  ]);
  assert.ok(sim.isUp('n1'));
});

test('reports by other nodes, or earlier occurrences, do not fire it; a point nobody reports never fires', async () => {
  const { plan, ticks } = await play([
    { on: { point: 'tick', node: 'n3', occurrence: 2 }, afterUs: 0, kind: 'pause', node: 'n1' },
    { on: { point: 'tock', occurrence: 1 }, afterUs: 0, kind: 'crash', node: 'n2' },
  ]);
  // n3 ticks at 12, 22 ms: n1 pauses right after 22 ms (its 30 ms tick waits) until the heal at 200 ms.
  assert.equal(plan.fired, [{ index: 0, node: 'n3', detail: '2', pointUs: 22_000, at: 22_000 }]);
  assert.equal(ticks('n1').slice(0, 3), [10, 20, 200]);
  assert.ok(ticks('n2').length > 25, 'n2 never crashed');
});

test('a trigger without a node counts every node; cover goals are points too', async () => {
  const { plan } = await play([
    { on: { point: 'tick', occurrence: 4 }, afterUs: 0, kind: 'heal' },
    { on: { point: 'second-tick', occurrence: 2 }, afterUs: 0, kind: 'heal' },
  ]);
  // Ticks at 10 (n1), 11 (n2), 12 (n3), 20 (n1): the fourth is n1's at 20 ms; second-tick by n1 at 20, n2 at 21.
  assert.equal(plan.fired.map((f) => [f.node, f.pointUs]), [['n1', 20_000], ['n2', 21_000]]);
});

test('a fault that would fire at or after the end of the nemesis does not, and the heal restarts what fired faults left down', async () => {
  const on = { point: 'tick', node: 'n1', occurrence: 1 };
  const { plan, ticks, sim } = await play([
    { on, afterUs: 0, kind: 'crash', node: 'n3' },
    { on, afterUs: 190_000, kind: 'restart', node: 'n3' }, // 200 ms: the nemesis is over
  ]);
  assert.equal(plan.fired.map((f) => f.index), [0]);
  assert.ok(sim.isUp('n3'));
  assert.equal(ticks('n3')[0], 212, 'n3 restarted by the heal at 200 ms (its first tick 12 ms after boot)');
  assert.equal(describeSchedule([{ on, afterUs: 190_000, kind: 'restart', node: 'n3' }], []), [
    '190 ms after n1 reports tick: n3 restarted (never fired)',
  ]);
});

test('fired faults are described with the time they applied, the point and its detail', async () => {
  const schedule: Schedule = [
    { at: 5_000, kind: 'pause', node: 'n3' },
    { on: { point: 'tick', node: 'n2', occurrence: 2 }, afterUs: 3_000, kind: 'crash', node: 'n2' },
  ];
  const { plan, sim } = await play(schedule);
  assert.equal(describeSchedule(schedule, plan.fired), [
    'at 0.005 s: n3 paused',
    'at 0.024 s, 3 ms after n2 reported tick (2nd time) [2] (at 0.021 s): n2 crashed',
  ]);
  assert.equal(describeSchedule(schedule), ['at 0.005 s: n3 paused', '3 ms after n2 reports tick (2nd time): n2 crashed']);
  assert.ok(sim.isUp('n2') && sim.isUp('n3'), 'healed at the end of the nemesis');
});

test('the same schedule gives the same trace hash, and a different firing a different one', async () => {
  const at = (occurrence: number): Schedule => [{ on: { point: 'tick', node: 'n1', occurrence }, afterUs: 1000, kind: 'crash', node: 'n2' }];
  const a = await play(at(2));
  const b = await play(at(2));
  const c = await play(at(3));
  assert.is(a.sim.traceHash(), b.sim.traceHash());
  assert.is.not(a.sim.traceHash(), c.sim.traceHash());
});

test('without triggered faults the plan is compile plus the static heal, and reports nothing fired', async () => {
  const plan = compileNemesis([{ at: 1000, kind: 'crash', node: 'n1' }], topology, 50_000);
  assert.is(plan.onPoint, undefined);
  assert.equal(plan.actions.map((a) => a.label), [
    'at 0.001 s: n1 crashed', 'at 0.050 s: heal all partitions', 'at 0.050 s: links reset to defaults', 'at 0.050 s: n1 restarted',
  ]);
});

test('partitions layer unless one replaces the others; a triggered partition layers too', async () => {
  const grudges: string[] = [];
  const plan = compileNemesis([
    { at: 0, kind: 'partition', shape: 'custom', nodes: ['n1', 'n2'], grudge: cut(['n1'], ['n2']) },
    { at: 10, kind: 'partition', shape: 'custom', nodes: ['n1', 'n3'], grudge: cut(['n1'], ['n3']) },
    { at: 20, kind: 'partition', shape: 'custom', nodes: ['n2', 'n3'], grudge: cut(['n2'], ['n3']), replace: true },
    { at: 30, kind: 'heal' },
    { at: 40, kind: 'partition', shape: 'custom', nodes: ['n2', 'n3'], grudge: { n3: ['n2'] } },
  ], topology, 100);
  const target = { setGrudge: (g: unknown) => grudges.push(JSON.stringify(g)), heal: () => grudges.push('heal') };
  for (const action of plan.actions.slice(0, 5)) action.apply(target as never);
  assert.equal(grudges, [
    '{"n1":["n2"],"n2":["n1"]}',
    '{"n1":["n2","n3"],"n2":["n1"],"n3":["n1"]}',
    '{"n2":["n3"],"n3":["n2"]}',
    'heal',
    '{"n3":["n2"]}',
  ]);
  const { sim, plan: fired } = await play([
    { at: 0, kind: 'partition', shape: 'custom', nodes: ['n1', 'n2'], grudge: cut(['n1'], ['n2']) },
    { on: { point: 'tick', node: 'n1', occurrence: 1 }, afterUs: 0, kind: 'partition', shape: 'custom', nodes: ['n1', 'n3'], grudge: cut(['n1'], ['n3']) },
  ]);
  assert.is(fired.fired.length, 1);
  assert.is(sim.stats().faultsApplied, 3, 'partition, triggered partition, heal');
});

test('triggered entries are validated with errors naming the fault and field', () => {
  const bad: [unknown, RegExp][] = [
    [{ on: { point: '', occurrence: 1 }, afterUs: 0, kind: 'heal' }, /fault #0 \(heal\) field "on.point": expected the name of a protocol point, got ""/],
    [{ on: { point: 'p', occurrence: 0 }, afterUs: 0, kind: 'heal' }, /field "on.occurrence": expected an integer >= 1.*got 0/],
    [{ on: { point: 'p', node: 'n9', occurrence: 1 }, afterUs: 0, kind: 'heal' }, /field "on.node": unknown node id, got "n9"/],
    [{ on: { point: 'p', occurrence: 1, when: 2 }, afterUs: 0, kind: 'heal' }, /field "on.when": unknown field of a trigger/],
    [{ on: { point: 'p', occurrence: 1 }, afterUs: -1, kind: 'heal' }, /field "afterUs": expected an integer >= 0/],
    [{ on: { point: 'p', occurrence: 1 }, kind: 'heal' }, /field "afterUs".*got undefined/],
    [{ on: { point: 'p', occurrence: 1 }, afterUs: 0, at: 5, kind: 'heal' }, /field "at": a triggered fault has "afterUs", not "at"/],
    [{ on: 'p', afterUs: 0, kind: 'heal' }, /field "on": expected a trigger/],
    [{ on: { point: 'p', occurrence: 1 }, afterUs: 0, kind: 'crash', node: 'n7' }, /fault #0 \(crash\) field "node": unknown node id/],
    [{ at: 0, kind: 'partition', shape: 'custom', nodes: [], grudge: {}, replace: 'yes' }, /field "replace": expected true or false/],
  ];
  for (const [entry, message] of bad) {
    assert.throws(() => compileNemesis([entry as never], topology, 100), (e: unknown) => e instanceof FaultScheduleError && message.test(e.message), JSON.stringify(entry));
  }
});

/** n1 opens a 1 ms window once, at a time its seed picks in [20, 180) ms; a crash inside it leaves "open" without "closed". */
const windowed: NodeFactory = (id) => ({
  init(ctx) {
    if (id === 'n1' && ctx.incarnation === 1) ctx.setTimer(20 + ctx.rng.next() * 160, 'open');
  },
  onMessage() {},
  onTimer(ctx, timer) {
    ctx.log(String(timer.payload));
    if (timer.payload === 'open') {
      ctx.point('w:open');
      ctx.setTimer(1, 'closed');
    }
  },
});

async function hitsWindow(seed: number, schedule: Schedule): Promise<boolean> {
  const plan = compileNemesis(schedule, topology, 200_000);
  const sim = new Simulation({ seed, servers: topology.servers.map((id) => ({ id, factory: windowed })), faults: plan.actions, ...(plan.onPoint ? { onPoint: plan.onPoint } : {}) });
  await sim.run(300);
  const lines = sim.logs.filter((l) => l.node === 'n1').map((l) => l.message);
  return lines.includes('open') && !lines.includes('closed');
}

test('a crash hung on a point reaches a 1 ms window that timed crashes almost never hit', async () => {
  const base = { startUs: 0, endUs: 200_000, kinds: ['crash'] as const, crashNodes: ['n1'], maxFaults: 1, minDurationUs: 1000, maxDurationUs: 20_000 };
  const timed = fc.sample(scheduleArbitrary(topology, base).filter((s) => s.length > 0), { seed: 11, numRuns: 100 });
  const triggered = fc.sample(scheduleArbitrary(topology, { ...base, triggerPoints: [{ point: 'w:open', maxOccurrence: 1 }], timedWeight: 0, maxTriggerDelayUs: 900 }).filter((s) => s.length > 0), { seed: 11, numRuns: 100 });
  let timedHits = 0;
  let triggeredHits = 0;
  for (let i = 0; i < 100; i++) {
    if (await hitsWindow(i, timed[i]!)) timedHits++;
    if (await hitsWindow(i, triggered[i]!)) triggeredHits++;
  }
  assert.is(triggeredHits, 100);
  assert.ok(timedHits <= 5, `timed crashes hit the window ${timedHits} times in 100`);
});

test.run();
