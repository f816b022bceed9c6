import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { ClientWorkload, NodeFactory } from '../sim/types.js';
import { realProcess } from './index.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const idle: NodeFactory = () => ({ onMessage() {} });

function run(entry: string, seed = 1, clocks = {}, others: ClientWorkload[] = []) {
  const sim = new Simulation({
    seed, recordTrace: true, servers: [{ id: 's1', factory: idle }],
    clients: [{ id: 'c1', workload: realProcess(new URL(entry, FIXTURES)) }, ...others.map((workload, i) => ({ id: `m${i + 1}`, workload }))], clocks,
  });
  return { sim, done: sim.run(10_000) };
}

test('timers, ticks, microtasks and immediates run in Node\'s order on the node\'s clocks', async () => {
  const { sim, done } = run('clock-and-timers.ts');
  await done;
  assert.equal(sim.clientErrors, []);
  const sample = sim.notes.find((n) => n.kind === 'sample')?.data as Record<string, unknown>;
  assert.ok(sample, 'the process ran to its end');
  assert.equal((sample.order as string[]).slice(0, 6), ['sync', 'tick', 'micro', 'queueMicrotask', 'timeout-0', 'immediate']);
  assert.equal((sample.order as string[]).filter((o) => o === 'interval').length, 3);
  assert.is(sample.elapsedMono, 105);
  assert.is(sample.aborted, true);
  assert.equal(sim.history.map((o) => [o.type, o.f]), [['invoke', 'run'], ['ok', 'run']]);
});

test('same seed, same trace hash and the same draws; another seed, other draws', async () => {
  const a = run('clock-and-timers.ts', 7);
  const b = run('clock-and-timers.ts', 7);
  const c = run('clock-and-timers.ts', 8);
  await Promise.all([a.done, b.done, c.done]);
  const sample = (r: { sim: Simulation }) => r.sim.notes.find((n) => n.kind === 'sample')?.data;
  assert.is(a.sim.traceHash(), b.sim.traceHash());
  assert.equal(sample(a), sample(b));
  assert.not.equal((sample(a) as { random: number }).random, (sample(c) as { random: number }).random);
});

test('Date follows the node\'s wall clock: offset and drift apply', async () => {
  const { sim, done } = run('clock-and-timers.ts', 1, { c1: { offsetMs: 3_600_000, driftPpm: 100_000 } });
  await done;
  const sample = sim.notes.find((n) => n.kind === 'sample')?.data as { date: string; elapsedWall: number; elapsedMono: number };
  assert.ok(sample.date.startsWith('2026-01-01T01:00'), sample.date);
  // 10% fast: the timers' 105 ms of the node's clock take about 95.5 ms of true time.
  assert.is(sample.elapsedMono, 105);
  assert.ok(sim.nowUs < 100_000, String(sim.nowUs));
});


test('a forbidden module fails the run naming the call, even when the library swallows the error', async () => {
  const { sim, done } = run('escape-fs.ts');
  await done;
  assert.is(sim.clientErrors.length, 1);
  assert.match(String(sim.clientErrors[0]?.error), /real process c1 called fs\.readFileSync: the file system is outside the simulation/);
});

test('a host timer armed from inside a process is caught and named', async () => {
  const { sim, done } = run('leak-host-timer.ts');
  await done;
  assert.is(sim.clientErrors.length, 1);
  assert.match(String(sim.clientErrors[0]?.error), /real process c1 crashed: .*setTimeout\(\) was called during the simulation, in c1/s);
});

/** A model client whose continuations run deeper than the kernel's microtask turns: the kernel yields to the host's queues. */
const deepChains: ClientWorkload = async (ctx) => {
  while (!ctx.stopping && ctx.trueNow() < 1000) {
    await ctx.sleep(1);
    for (let i = 0; i < 20; i++) await null;
  }
};

test('a host callback that reaches the process outside a kernel event is caught and names the call', async () => {
  const { sim, done } = run('leak-host-callback.ts', 1, {}, [deepChains]);
  await done;
  assert.is(sim.clientErrors.length, 1);
  assert.match(String(sim.clientErrors[0]?.error), /real process c1 called Date\.now outside the simulation's event loop/);
});

test.run();
