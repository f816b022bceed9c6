import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import { DeterminismViolation, enterSimulatedCode, holdGuard, leaveSimulatedCode } from './runtime-guard.js';

const originals = {
  random: Math.random, dateNow: Date.now, Date: globalThis.Date, setTimeout: globalThis.setTimeout,
  setInterval: globalThis.setInterval, setImmediate: globalThis.setImmediate,
};

function assertRestored(): void {
  assert.is(Math.random, originals.random);
  assert.is(Date.now, originals.dateNow);
  assert.is(globalThis.Date, originals.Date);
  assert.is(globalThis.setTimeout, originals.setTimeout);
  assert.is(globalThis.setInterval, originals.setInterval);
  assert.is(globalThis.setImmediate, originals.setImmediate);
  assert.type(Math.random(), 'number');
  assert.type(Date.now(), 'number');
  assert.type(performance.now(), 'number');
  assert.type(crypto.randomUUID(), 'string');
}

const forbidden: [string, () => unknown][] = [
  ['Math.random()', () => Math.random()],
  ['Date.now()', () => Date.now()],
  ['new Date()', () => new Date()],
  ['performance.now()', () => performance.now()],
  ['setTimeout()', () => setTimeout(() => {}, 1)],
  ['setInterval()', () => setInterval(() => {}, 1)],
  ['setImmediate()', () => setImmediate(() => {})],
  ['crypto.getRandomValues()', () => crypto.getRandomValues(new Uint8Array(4))],
  ['crypto.randomUUID()', () => crypto.randomUUID()],
];

for (const [name, call] of forbidden) {
  test(`a model calling ${name} during sim.run() fails loudly, naming the call and the node`, async () => {
    const sim = new Simulation({
      seed: 1,
      servers: [{ id: 'n1', factory: () => ({ onMessage() {} }) }, { id: 'n2', factory: () => ({ init(ctx) { ctx.setTimer(2); }, onMessage() {}, onTimer() { call(); } }) }],
    });
    try {
      await sim.run();
      assert.unreachable('the run should fail');
    } catch (error) {
      const message = (error as Error).message;
      assert.ok(message.includes(name), message);
      assert.match(message, /during the simulation, in n2/);
      assert.instance((error as Error).cause, DeterminismViolation);
    }
    assertRestored();
  });
}

test('client workloads are guarded too; the error is collected for the runner', async () => {
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 's', factory: () => ({ onMessage() {} }) }],
    clients: [{ id: 'c1', workload: async (ctx) => { await ctx.sleep(1); Date.now(); } }],
  });
  assert.is(await sim.run(), 'quiescent');
  assert.is(sim.clientErrors.length, 1);
  assert.instance(sim.clientErrors[0]?.error, DeterminismViolation);
  assert.match(String((sim.clientErrors[0]?.error as Error).message), /Date\.now\(\) was called during the simulation, in c1/);
  assertRestored();
});

test('deterministic uses of Date still work inside a run', async () => {
  let seen = '';
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 'n1', factory: () => ({ init(ctx) { const d = new Date(ctx.wallNow()); seen = `${d instanceof Date} ${d.toISOString()}`; }, onMessage() {} }) }],
  });
  await sim.run();
  assert.is(seen, 'true 2026-01-01T00:00:00.000Z');
  assertRestored();
});

test('outside simulated code the guarded globals behave as the originals, and the last holder puts the originals back', async () => {
  const releaseA = holdGuard();
  const releaseB = holdGuard();
  try {
    assert.is.not(Date.now, originals.dateNow); // wrapped...
    assert.type(Date.now(), 'number'); // ...but passing through
    assert.type(Date(), 'string');
    assert.ok(new Date() instanceof Date && new Date(0) instanceof originals.Date);
    assert.is(Date.UTC(2026, 0, 1), originals.Date.UTC(2026, 0, 1));
    class Stamp extends Date {}
    assert.ok(new Stamp(5) instanceof Stamp && new Stamp(5).getTime() === 5);
    assert.is(await promisify(setTimeout)(1, 'slept'), 'slept'); // timers keep util.promisify.custom
    assert.is(await new Promise((resolve) => setImmediate(resolve, 'drained')), 'drained');

    const outside = enterSimulatedCode(() => 'somewhere simulated');
    try {
      assert.throws(() => Date.now(), /Date\.now\(\) was called during somewhere simulated/);
      assert.throws(() => Date(), /Date\(\) was called/);
      assert.is(new Date(7).getTime(), 7);
    } finally {
      leaveSimulatedCode(outside);
    }
    assert.type(Math.random(), 'number');

    releaseB();
    releaseB(); // idempotent: A still holds the guard
    assert.is.not(Math.random, originals.random);
  } finally {
    releaseA();
    releaseB();
  }
  assertRestored();
});

test('a global replaced while the guard is held is left alone when the guard is lifted', () => {
  const release = holdGuard();
  const fakeTimeout = (() => 0) as unknown as typeof setTimeout;
  const fakeNow = () => 42;
  globalThis.setTimeout = fakeTimeout;
  Date.now = fakeNow; // a spy on Date.now lands on the Date the guard installed
  release();
  try {
    assert.is(globalThis.setTimeout, fakeTimeout);
    assert.is(Date.now(), 42);
    assert.is(Math.random, originals.random);
  } finally {
    globalThis.setTimeout = originals.setTimeout;
    globalThis.Date = originals.Date;
  }
  assertRestored();
});

test('a fake installed before the guard is what the guard passes through to, and comes back after', () => {
  const fakeRandom = () => 0.25;
  Math.random = fakeRandom;
  try {
    const release = holdGuard();
    assert.is(Math.random(), 0.25);
    release();
    assert.is(Math.random, fakeRandom);
  } finally {
    Math.random = originals.random;
  }
  assertRestored();
});

test.run();
