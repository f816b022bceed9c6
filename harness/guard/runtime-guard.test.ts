import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import { DeterminismViolation, enterGuard } from './runtime-guard.js';

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

test('guards nest: the real functions come back only when the outermost one is lifted', () => {
  const leaveOuter = enterGuard(() => 'outer');
  const leaveInner = enterGuard(() => 'inner');
  assert.throws(() => Math.random(), /Math\.random\(\) was called during inner/);
  leaveInner();
  leaveInner(); // idempotent
  assert.throws(() => Math.random(), /during outer/);
  leaveOuter();
  assertRestored();
});

test.run();
