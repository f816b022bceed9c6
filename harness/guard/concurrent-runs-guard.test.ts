/**
 * The runtime guard with several simulations in flight in one process: it catches simulated code (and
 * names the right node), leaves everything else alone, and never clobbers globals installed meanwhile.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { SimulationOptions } from '../sim/options.js';
import type { ClientContext, ClientWorkload, NodeFactory } from '../sim/types.js';
import { DeterminismViolation } from './runtime-guard.js';

const originals = { random: Math.random, Date: globalThis.Date, dateNow: Date.now, setTimeout: globalThis.setTimeout, perfNow: performance.now };

/** Every ambient call the guard covers; each must throw inside simulated code. */
const AMBIENT: [string, () => unknown][] = [
  ['Math.random()', () => Math.random()],
  ['Date.now()', () => Date.now()],
  ['new Date()', () => new Date()],
  ['performance.now()', () => performance.now()],
  ['setTimeout()', () => setTimeout(() => {}, 1)],
  ['crypto.randomUUID()', () => crypto.randomUUID()],
];

/** Makes every ambient call from `node`'s code and records whether each was refused, naming `node`. */
function probe(node: string, misses: string[], counter: { calls: number }): void {
  for (const [name, call] of AMBIENT) {
    counter.calls++;
    try {
      call();
      misses.push(`${node}: ${name} was allowed`);
    } catch (error) {
      const message = (error as Error).message;
      if (!(error instanceof DeterminismViolation) || !message.startsWith(`${name} was called during the simulation, in ${node}:`)) {
        misses.push(`${node}: ${name} gave "${message}"`);
      }
    }
  }
}

/** Echo servers that probe in init, on every message and on a timer. */
function prober(misses: string[], counter: { calls: number }): NodeFactory {
  return (id) => ({
    init(ctx) { probe(id, misses, counter); ctx.setTimer(3, 'tick'); },
    onMessage(ctx, m) { probe(id, misses, counter); ctx.reply(m, { echo: m.body }); },
    onTimer(ctx) { probe(id, misses, counter); ctx.setTimer(3, 'tick'); },
  });
}

/**
 * A client that probes right after each of its awaits on the kernel. Its calls go through a helper async
 * function, so after each reply it takes several microtask turns to reach the kernel again: the case in
 * which a guard window held open until the client blocks would cover other code's microtasks.
 */
function probingClient(misses: string[], counter: { calls: number }): ClientWorkload {
  return async (ctx) => {
    probe(ctx.id, misses, counter);
    const ask = async (n: number) => {
      const reply = await ctx.call(ctx.rng.pick(ctx.servers), { n }, { timeoutMs: 20 });
      probe(ctx.id, misses, counter);
      return reply;
    };
    for (let n = 0; n < 30; n++) {
      await ask(n);
      await ctx.sleep(1 + ctx.rng.int(0, 4));
      probe(ctx.id, misses, counter);
    }
  };
}

function options(seed: number, misses: string[], counter: { calls: number }): SimulationOptions {
  return {
    seed,
    servers: ['s1', 's2', 's3'].map((id) => ({ id: `${id}-${seed}`, factory: prober(misses, counter) })),
    clients: [1, 2].map((c) => ({ id: `c${c}-${seed}`, workload: probingClient(misses, counter) })),
    link: { latencyMs: 1, jitterMs: 1 },
  };
}

async function hashes(sims: Simulation[]): Promise<string[]> {
  await Promise.all(sims.map((sim) => sim.run(500)));
  return sims.map((sim) => sim.traceHash());
}

const SEEDS = [1, 2, 3, 4];

test('with several runs in flight, every ambient call from a node or a client is refused, naming that node', async () => {
  const misses: string[] = [];
  const counter = { calls: 0 };
  const sims = SEEDS.map((seed) => new Simulation(options(seed, misses, counter)));
  const together = await hashes(sims);
  assert.equal(misses.slice(0, 10), []);
  assert.ok(counter.calls > 1000, `only ${counter.calls} probes`);
  for (const sim of sims) assert.equal(sim.clientErrors, []);
  // Probing changed nothing: each run alone gives the same trace.
  const alone = [];
  for (const seed of SEEDS) alone.push(...(await hashes([new Simulation(options(seed, [], { calls: 0 }))])));
  assert.equal(together, alone);
});

/**
 * Code that is not simulated, running while simulations are in flight: an async chain that calls
 * everything in microtasks (so its turns interleave with the clients' turns), and the same in
 * setImmediate and setTimeout callbacks. Returns what it saw and how many rounds ran during the runs.
 */
function bystander(): { stop: () => void; done: Promise<{ errors: string[]; rounds: number }> } {
  let running = true;
  const errors: string[] = [];
  let rounds = 0;
  const touch = (where: string) => {
    try {
      const stamp = Date.now() + performance.now() + Math.random() + new Date().getTime() + Date().length + crypto.randomUUID().length;
      if (!Number.isFinite(stamp)) errors.push(`${where}: ${stamp}`);
      rounds++;
    } catch (error) {
      errors.push(`${where}: ${(error as Error).message}`);
    }
  };
  const microtasks = (async () => {
    while (running) {
      for (let i = 0; i < 200 && running; i++) {
        await null;
        touch('microtask');
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const immediates = new Promise<void>((resolve) => {
    const again = () => { touch('setImmediate'); if (running) setImmediate(again); else resolve(); };
    setImmediate(again);
  });
  const timeouts = new Promise<void>((resolve) => {
    const again = () => { touch('setTimeout'); if (running) setTimeout(again, 0); else resolve(); };
    setTimeout(again, 0);
  });
  return {
    stop: () => { running = false; },
    done: Promise.all([microtasks, immediates, timeouts]).then(() => ({ errors, rounds })),
  };
}

test('code outside the simulations, running in microtasks, immediates and timeouts meanwhile, is left alone', async () => {
  const alone = [];
  for (const seed of SEEDS) alone.push(...(await hashes([new Simulation(options(seed, [], { calls: 0 }))])));
  const misses: string[] = [];
  const other = bystander();
  const together = await hashes(SEEDS.map((seed) => new Simulation(options(seed, misses, { calls: 0 }))));
  other.stop();
  const { errors, rounds } = await other.done;
  assert.equal(errors.slice(0, 5), []);
  assert.ok(rounds > 100, `the bystander ran only ${rounds} rounds`);
  assert.equal(misses.slice(0, 5), []);
  assert.equal(together, alone);
});

test('a fake setTimeout or Date.now installed while a run is going stays installed after it', async () => {
  const fakeTimeout = (() => 0) as unknown as typeof setTimeout;
  const fakeNow = () => 1234;
  const sim = new Simulation(options(5, [], { calls: 0 }));
  const run = sim.run(200);
  globalThis.setTimeout = fakeTimeout;
  Date.now = fakeNow;
  try {
    await run;
    assert.is(globalThis.setTimeout, fakeTimeout);
    assert.is(Date.now(), 1234);
  } finally {
    globalThis.setTimeout = originals.setTimeout;
    globalThis.Date = originals.Date;
  }
  assert.is(Math.random, originals.random);
  assert.is(performance.now, originals.perfNow);
  assert.is(Date.now, originals.dateNow);
});

const badNode = (call: () => unknown): NodeFactory => () => ({ init(ctx) { ctx.setTimer(20); }, onMessage() {}, onTimer() { call(); } });
/** Keeps its run going in microtasks, so that the other run starts while this one is under way. */
const sleeper: ClientWorkload = async (ctx) => { for (;;) await ctx.sleep(1); };

for (const [name, call] of AMBIENT) {
  test(`a node calling ${name} fails its run naming the call and the node, while another run goes on unharmed`, async () => {
    const bad = new Simulation({
      seed: 1,
      servers: [{ id: 'calm', factory: () => ({ onMessage() {} }) }, { id: 'culprit', factory: badNode(call) }],
      clients: [{ id: 'idle', workload: sleeper }],
    });
    const good = new Simulation(options(6, [], { calls: 0 }));
    const [badOutcome, goodOutcome] = await Promise.allSettled([bad.run(), good.run(300)]);
    assert.is(badOutcome.status, 'rejected');
    const error = (badOutcome as PromiseRejectedResult).reason as Error;
    assert.ok(error.message.includes(`${name} was called during the simulation, in culprit`), error.message);
    assert.instance(error.cause, DeterminismViolation);
    assert.is(goodOutcome.status, 'fulfilled');
    assert.equal(good.clientErrors, []);
    const alone = new Simulation(options(6, [], { calls: 0 }));
    await alone.run(300);
    assert.is(good.traceHash(), alone.traceHash());
  });
}

const badClient = (call: () => unknown): ClientWorkload => async (ctx: ClientContext) => {
  await ctx.call('s', { hello: true }, { timeoutMs: 10 });
  call();
};

for (const [name, call] of AMBIENT) {
  test(`a client calling ${name} fails, named, while other runs are in flight`, async () => {
    const bad = new Simulation({
      seed: 2,
      servers: [{ id: 's', factory: () => ({ onMessage(ctx, m) { ctx.reply(m, 'hi'); } }) }],
      clients: [{ id: 'quiet', workload: async (ctx) => { await ctx.sleep(5); } }, { id: 'culprit', workload: badClient(call), startMs: 1 }],
    });
    const others = [7, 8].map((seed) => new Simulation(options(seed, [], { calls: 0 })));
    await Promise.all([bad.run(), ...others.map((sim) => sim.run(300))]);
    assert.is(bad.clientErrors.length, 1);
    assert.is(bad.clientErrors[0]?.node, 'culprit');
    assert.instance(bad.clientErrors[0]?.error, DeterminismViolation);
    assert.ok(String((bad.clientErrors[0]?.error as Error).message).startsWith(`${name} was called during the simulation, in culprit`));
    for (const sim of others) assert.equal(sim.clientErrors, []);
  });
}

test('the guard is gone once every run has ended', () => {
  assert.is(Math.random, originals.random);
  assert.is(globalThis.Date, originals.Date);
  assert.is(Date.now, originals.dateNow);
  assert.is(globalThis.setTimeout, originals.setTimeout);
  assert.is(performance.now, originals.perfNow);
});

test.run();
