import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeClock } from './clock.js';
import { Simulation } from './simulation.js';
import type { NodeFactory } from './types.js';

const EPOCH = 1_767_225_600_000;

test('drift maps true time to local time at 1 + ppm/1e6', () => {
  const c = new NodeClock(0, 100);
  assert.is(c.monotonicUs(1_000_000), 1_000_100);
  assert.is(c.wallUs(1_000_000), 1_000_100);
  const slow = new NodeClock(2_000, -250_000);
  assert.is(slow.monotonicUs(4_000_000), 3_000_000);
  assert.is(slow.wallUs(4_000_000), 3_002_000);
});

test('a drift change re-anchors: local time stays continuous', () => {
  const c = new NodeClock(0, 0);
  c.setDrift(1_000_000, 500_000); // from 1 s true on, 1.5x
  assert.is(c.monotonicUs(1_000_000), 1_000_000);
  assert.is(c.monotonicUs(2_000_000), 2_500_000);
  c.setDrift(2_000_000, 0);
  assert.is(c.monotonicUs(3_000_000), 3_500_000);
  assert.is(c.driftPpm, 0);
  assert.throws(() => c.setDrift(0, -1_000_000), /drift/);
  assert.throws(() => c.setDrift(0, Number.NaN), /drift/);
});

test('a wall jump moves the wall clock only', () => {
  const c = new NodeClock(0, 10);
  const mono = c.monotonicUs(5_000_000);
  c.jumpWall(-3_000_000);
  assert.is(c.monotonicUs(5_000_000), mono);
  assert.is(c.wallUs(5_000_000), mono - 3_000_000);
});

test('trueTimeAtMonotonic inverts the mapping, rounding up, never before now', () => {
  const c = new NodeClock(0, 100_000); // 1.1x
  const t = c.trueTimeAtMonotonic(100_000, 0);
  assert.is(t, Math.ceil(100_000 / 1.1));
  assert.ok(c.monotonicUs(t) >= 100_000);
  assert.ok(c.monotonicUs(t - 1) < 100_000);
  assert.is(c.trueTimeAtMonotonic(10, 500), 500);
});

test('simulation: configured offset and drift show in clockOf and in the node context', async () => {
  const seen: number[][] = [];
  const sim = new Simulation({
    seed: 1,
    clocks: { n1: { offsetMs: 50, driftPpm: 1000 } },
    servers: [{
      id: 'n1',
      factory: () => ({
        init(ctx) { ctx.setTimer(1000); },
        onMessage() {},
        onTimer(ctx) { seen.push([ctx.monotonicNow(), ctx.wallNow()]); },
      }),
    }, { id: 'n2', factory: () => ({ onMessage() {} }) }],
  });
  sim.at(2000, 'look', () => {});
  assert.is(await sim.run(5000), 'quiescent');
  // The 1000 ms timer runs on n1's (fast) monotonic clock: it fires when that clock reads 1000.
  assert.equal(seen, [[1000, EPOCH + 1050]]);
  assert.is(sim.nowUs, 2_000_000);
  assert.equal(sim.clockOf('n1'), { monotonicMs: 2002, wallMs: EPOCH + 2052, driftPpm: 1000 });
  assert.equal(sim.clockOf('n2'), { monotonicMs: 2000, wallMs: EPOCH + 2000, driftPpm: 0 });
});

test('simulation: a wall jump leaves the monotonic clock alone; a strobe goes back and forth', async () => {
  const readings: { mono: number; wall: number }[] = [];
  const factory: NodeFactory = () => ({
    init(ctx) { ctx.setTimer(10); },
    onMessage() {},
    onTimer(ctx) {
      readings.push({ mono: ctx.monotonicNow(), wall: ctx.wallNow() - EPOCH });
      if (readings.length < 6) ctx.setTimer(10);
    },
  });
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory }] });
  // Strobe: the wall clock steps +1 s, -1 s, +1 s, -1 s between readings.
  for (const [i, delta] of [1000, -1000, 1000, -1000].entries()) {
    sim.schedule({ atUs: 15_000 + i * 10_000, label: `jump ${delta}`, apply: (t) => t.jumpClock('n1', delta) });
  }
  await sim.run();
  assert.equal(readings.map((r) => r.mono), [10, 20, 30, 40, 50, 60]);
  assert.equal(readings.map((r) => r.wall), [10, 1020, 30, 1040, 50, 60]);
});

test('simulation: timers under drift fire when the monotonic clock reaches the deadline', async () => {
  const fired: Record<string, { trueUs: number; mono: number }> = {};
  const sim = new Simulation({
    seed: 1,
    clocks: { fast: { driftPpm: 100_000 }, slow: { driftPpm: -500_000 } },
    servers: ['fast', 'slow', 'exact'].map((id) => ({
      id,
      factory: () => ({
        init(ctx) { ctx.setTimer(100); },
        onMessage() {},
        onTimer(ctx) { fired[ctx.id] = { trueUs: sim.nowUs, mono: ctx.monotonicNow() }; },
      }),
    })),
  });
  await sim.run();
  assert.equal(fired['exact'], { trueUs: 100_000, mono: 100 });
  // True time is whole µs: the fast timer fires at the first µs whose monotonic reading is >= 100 ms.
  const fast = fired['fast'] as { trueUs: number; mono: number };
  assert.is(fast.trueUs, Math.ceil(100_000 / 1.1));
  assert.ok(fast.mono >= 100 && fast.mono < 100.002, String(fast.mono));
  assert.ok(new NodeClock(0, 100_000).monotonicUs(fast.trueUs - 1) < 100_000);
  assert.equal(fired['slow'], { trueUs: 200_000, mono: 100 });
});

test('simulation: pending timers and client sleeps re-time when the drift changes mid-wait', async () => {
  const fired: Record<string, number> = {};
  const sim = new Simulation({
    seed: 1,
    servers: [{
      id: 'n1',
      factory: () => ({
        init(ctx) { ctx.setTimer(100, 'long'); },
        onMessage() {},
        onTimer(_ctx, t) { fired[String(t.payload)] = sim.nowUs; },
      }),
    }],
    clients: [{ id: 'c1', workload: async (ctx) => { await ctx.sleep(100); fired['sleep'] = ctx.trueNow() * 1000; } }],
  });
  // At 50 ms both clocks start running at 2x: the 50 ms left on each clock take 25 ms of true time.
  sim.schedule({ atUs: 50_000, label: 'drift', apply: (t) => { t.setClockDrift('n1', 1_000_000); t.setClockDrift('c1', 1_000_000); } });
  await sim.run();
  assert.equal(fired, { long: 75_000, sleep: 75_000 });
  assert.is(sim.clockOf('n1').monotonicMs, 100);
});

test.run();
