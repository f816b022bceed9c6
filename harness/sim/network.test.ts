import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, type SimulationOptions } from './simulation.js';
import type { NodeContext, NodeFactory } from './types.js';

interface Arrival { to: string; from: string; body: unknown; atUs: number }

/**
 * Servers that log every arrival; `plan` maps a sender to a function run from a timer at the given ms,
 * so a test can send at chosen instants.
 */
function harness(options: Omit<SimulationOptions, 'servers'> & { ids: string[]; plan?: Record<string, [number, (ctx: NodeContext) => void][]> }) {
  const arrivals: Arrival[] = [];
  let sim: Simulation;
  const factory: NodeFactory = (id) => ({
    init(ctx) {
      for (const [i, [atMs]] of (options.plan?.[id] ?? []).entries()) ctx.setTimer(atMs, i);
    },
    onMessage(ctx, msg) { arrivals.push({ to: ctx.id, from: msg.from, body: msg.body, atUs: sim.nowUs }); },
    onTimer(ctx, t) { options.plan?.[id]?.[t.payload as number]?.[1](ctx); },
  });
  sim = new Simulation({ ...options, servers: options.ids.map((id) => ({ id, factory })) });
  return { sim, arrivals };
}

const bodies = (arrivals: Arrival[], to: string, from: string) => arrivals.filter((a) => a.to === to && a.from === from).map((a) => a.body);

test('one-way partition: a cannot hear b, b still hears a; heal restores both ways', async () => {
  for (const fifo of [true, false]) {
    const ping = (to: string, tag: string) => (ctx: NodeContext) => ctx.send(to, tag);
    const { sim, arrivals } = harness({
      seed: 1, fifo, ids: ['a', 'b'],
      plan: { a: [[20, ping('b', 'a1')], [40, ping('b', 'a2')]], b: [[20, ping('a', 'b1')], [40, ping('a', 'b2')]] },
    });
    sim.schedule({ atUs: 10_000, label: 'a deaf to b', apply: (t) => t.setGrudge({ a: ['b'] }) });
    sim.schedule({ atUs: 30_000, label: 'heal', apply: (t) => t.heal() });
    sim.at(25, 'snapshot', () => assert.equal(sim.network.grudgeSnapshot(), { a: ['b'] }));
    await sim.run();
    assert.equal(bodies(arrivals, 'b', 'a'), ['a1', 'a2'], `fifo=${fifo}`);
    assert.equal(bodies(arrivals, 'a', 'b'), ['b2'], `fifo=${fifo}`);
    assert.is(sim.network.stats.dropped.partition, 1);
    assert.equal(sim.network.grudgeSnapshot(), {});
  }
});

test('a node never holds a grudge against itself', async () => {
  const { sim, arrivals } = harness({ seed: 1, ids: ['a', 'b'], plan: { a: [[5, (ctx) => ctx.send('a', 'self')]] } });
  sim.schedule({ atUs: 0, label: 'isolate a', apply: (t) => t.setGrudge({ a: ['a', 'b'] }) });
  await sim.run();
  assert.equal(bodies(arrivals, 'a', 'a'), ['self']);
});

const burst = (to: string, n: number, spacingMs: number) => Array.from({ length: n }, (_, i): [number, (ctx: NodeContext) => void] => [1 + i * spacingMs, (ctx) => ctx.send(to, i)]);

test('FIFO links keep per-link order under heavy jitter', async () => {
  const { sim, arrivals } = harness({
    seed: 3, fifo: true, ids: ['a', 'b', 'c'], link: { latencyMs: 1, jitterMs: 20 },
    plan: { a: burst('b', 200, 0.1), c: burst('b', 200, 0.1) },
  });
  await sim.run();
  const seq = [...Array(200).keys()];
  assert.equal(bodies(arrivals, 'b', 'a'), seq);
  assert.equal(bodies(arrivals, 'b', 'c'), seq);
  // Jitter is real: arrival gaps vary, and the two links interleave.
  const times = arrivals.filter((x) => x.from === 'a').map((x) => x.atUs);
  assert.ok(new Set(times.slice(1).map((t, i) => t - (times[i] as number))).size > 10);
  const froms = arrivals.map((x) => x.from).join('');
  assert.ok(/a+c+a+c/.test(froms), 'links interleave');
});

test('non-FIFO links reorder under jitter', async () => {
  const { sim, arrivals } = harness({
    seed: 3, fifo: false, ids: ['a', 'b'], link: { latencyMs: 1, jitterMs: 20 },
    plan: { a: burst('b', 200, 0.1) },
  });
  await sim.run();
  const got = bodies(arrivals, 'b', 'a') as number[];
  assert.is(got.length, 200);
  let inversions = 0;
  for (let i = 1; i < got.length; i++) if ((got[i] as number) < (got[i - 1] as number)) inversions++;
  assert.ok(inversions > 20, `${inversions} inversions`);
  assert.equal([...got].sort((x, y) => x - y), [...Array(200).keys()]);
});

test('non-FIFO reorder probability makes rare messages overtake on a jitter-free-ish link', async () => {
  const { sim, arrivals } = harness({
    seed: 5, fifo: false, ids: ['a', 'b'], link: { latencyMs: 1, jitterMs: 0.01, reorder: 0.2 },
    plan: { a: burst('b', 200, 0.05) },
  });
  await sim.run();
  const got = bodies(arrivals, 'b', 'a') as number[];
  let inversions = 0;
  for (let i = 1; i < got.length; i++) if ((got[i] as number) < (got[i - 1] as number)) inversions++;
  assert.ok(inversions > 0, 'some message was overtaken');
});

async function lossyRun(seed: number) {
  const n = 10_000;
  const { sim } = harness({
    seed, fifo: false, ids: ['a', 'b'], link: { loss: 0.2, duplicate: 0.1 },
    plan: { a: [[1, (ctx) => { for (let i = 0; i < n; i++) ctx.send('b', i); }]] },
  });
  await sim.run();
  return { stats: structuredClone(sim.network.stats), hash: sim.traceHash(), n };
}

test('loss and duplication counters match the configured probabilities, exactly the same every run', async () => {
  const { stats, hash, n } = await lossyRun(9);
  assert.is(stats.sent, n);
  assert.ok(Math.abs(stats.dropped.loss - 0.2 * n) < 0.03 * n, `lost ${stats.dropped.loss}`);
  const survivors = n - stats.dropped.loss;
  assert.ok(Math.abs(stats.duplicated - 0.1 * survivors) < 0.03 * survivors, `duplicated ${stats.duplicated}`);
  assert.is(stats.delivered, survivors + stats.duplicated);
  const again = await lossyRun(9);
  assert.equal(again.stats, stats);
  assert.is(again.hash, hash);
  const other = await lossyRun(10);
  assert.not.equal(other.stats, stats);
});

test('FIFO links never duplicate', async () => {
  const { sim } = harness({
    seed: 2, fifo: true, ids: ['a', 'b'], link: { duplicate: 0.5, reorder: 0.5 },
    plan: { a: [[1, (ctx) => { for (let i = 0; i < 100; i++) ctx.send('b', i); }]] },
  });
  await sim.run();
  assert.is(sim.network.stats.duplicated, 0);
  assert.is(sim.network.stats.delivered, 100);
});

test('loss on a FIFO link breaks the connection: what was in flight is reset, no gap is left', async () => {
  const { sim, arrivals } = harness({
    seed: 2, fifo: true, ids: ['a', 'b'], link: { latencyMs: 10, jitterMs: 0 },
    plan: { a: [[1, (ctx) => ctx.send('b', 'x')], [4, (ctx) => ctx.send('b', 'y')], [6, (ctx) => ctx.send('b', 'z')]] },
  });
  sim.schedule({ atUs: 3_000, label: 'lossy', apply: (t) => t.setLink('a', 'b', { loss: 1 }) });
  sim.schedule({ atUs: 5_000, label: 'clean', apply: (t) => t.setLink('a', 'b', { loss: 0 }) });
  await sim.run();
  assert.equal(bodies(arrivals, 'b', 'a'), ['z']);
  assert.equal(sim.network.stats.dropped, { partition: 0, loss: 1, down: 0, reset: 1, stale: 0 });
});

test('a message in flight on a FIFO link that gets cut is dropped, even if healed before it arrives', async () => {
  for (const fifo of [true, false]) {
    const { sim, arrivals } = harness({
      seed: 1, fifo, ids: ['a', 'b'], link: { latencyMs: 10, jitterMs: 0 },
      plan: { a: [[1, (ctx) => ctx.send('b', 'early')], [8, (ctx) => ctx.send('b', 'late')]] },
    });
    sim.schedule({ atUs: 3_000, label: 'cut b from a', apply: (t) => t.setGrudge({ b: ['a'] }) });
    sim.schedule({ atUs: 5_000, label: 'heal', apply: (t) => t.heal() });
    await sim.run();
    // TCP: the connection broke at 3 ms; 'early' was on it. UDP: the packet simply arrives after the heal.
    assert.equal(bodies(arrivals, 'b', 'a'), fifo ? ['late'] : ['early', 'late'], `fifo=${fifo}`);
    assert.is(sim.network.stats.dropped.reset, fifo ? 1 : 0);
    assert.is(sim.network.stats.dropped.partition, 0);
  }
});

test('setLink changes one direction; resetLinks restores the defaults', async () => {
  const { sim, arrivals } = harness({
    seed: 1, ids: ['a', 'b'], link: { latencyMs: 1, jitterMs: 0 },
    plan: { a: [[10, (ctx) => ctx.send('b', 1)], [30, (ctx) => ctx.send('b', 2)]], b: [[10, (ctx) => ctx.send('a', 1)]] },
  });
  sim.schedule({ atUs: 0, label: 'slow a->b', apply: (t) => t.setLink('a', 'b', { latencyMs: 7 }) });
  sim.schedule({ atUs: 20_000, label: 'reset', apply: (t) => t.resetLinks() });
  await sim.run();
  assert.equal(arrivals.map((x) => [x.to, x.body, x.atUs]), [['a', 1, 11_000], ['b', 1, 17_000], ['b', 2, 31_000]]);
});

test.run();
