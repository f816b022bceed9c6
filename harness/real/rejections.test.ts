import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { NodeFactory } from '../sim/types.js';
import { realProcess } from './index.js';

const entry = new URL('./fixtures/rejections.ts', import.meta.url);
const idle: NodeFactory = () => ({ onMessage() {} });

/** Runs the fixture's case; whatever reached the host's own rejection events is returned with it. */
async function run(kase: string, seed = 1) {
  const host: unknown[] = [];
  const onHost = (reason: unknown) => { host.push(reason); };
  process.on('unhandledRejection', onHost);
  process.on('rejectionHandled', onHost);
  try {
    const sim = new Simulation({ seed, recordTrace: true, servers: [{ id: 's1', factory: idle }], clients: [{ id: 'c1', workload: realProcess(entry, { env: { CASE: kase } }) }] });
    await sim.run(10_000);
    await new Promise((resolve) => setImmediate(resolve)); // the host has looked at its rejections by now
    return { sim, host, kinds: sim.notes.map((n) => n.kind), errors: sim.clientErrors.map((e) => String(e.error)) };
  } finally {
    process.off('unhandledRejection', onHost);
    process.off('rejectionHandled', onHost);
  }
}

test('an unhandled rejection fails the run naming the process and the error, and never reaches the host', async () => {
  const r = await run('unhandled');
  assert.equal(r.errors, ['Error: real process c1: unhandled promise rejection: Error: x (Node would exit the process)']);
  assert.not.ok(r.kinds.includes('after'), 'the process stopped there');
  assert.equal(r.host, []);
});

test('an async function nobody awaits, and a reason that is not an error, fail it too', async () => {
  assert.equal((await run('async-unhandled')).errors, ['Error: real process c1: unhandled promise rejection: Error: from an async function (Node would exit the process)']);
  const nonError = await run('non-error');
  assert.equal(nonError.errors, ['Error: real process c1: unhandled promise rejection: 42 (Node would exit the process)']);
  assert.equal(nonError.host, []);
});

test('a rejection handled in the same turn (after microtasks, in a nextTick) is no failure', async () => {
  const r = await run('handled-later');
  assert.equal(r.errors, []);
  assert.equal(r.sim.notes.filter((n) => n.kind === 'caught').map((n) => n.data.which).sort(), ['a', 'b']);
  assert.ok(r.kinds.includes('after'));
  assert.equal(r.host, []);
});

test('the process\'s own unhandledRejection listener gets it inside a kernel event, and the process goes on', async () => {
  const r = await run('listener');
  assert.equal(r.errors, []);
  const seen = r.sim.notes.find((n) => n.kind === 'unhandled')?.data;
  assert.equal(seen?.message, 'y');
  assert.is(seen?.isPromise, true);
  assert.is(typeof seen?.at, 'number');
  assert.ok(r.kinds.includes('after'));
  assert.equal(r.host, []);
});

test('without one, its uncaughtException listener gets it with origin unhandledRejection', async () => {
  const r = await run('uncaught-listener');
  assert.equal(r.errors, []);
  assert.equal(r.sim.notes.find((n) => n.kind === 'uncaught')?.data, { message: 'z', origin: 'unhandledRejection' });
  assert.ok(r.kinds.includes('after'));
});

test('a process that exits before Node would look leaves nothing, to the run or the host', async () => {
  const r = await run('exit');
  assert.equal(r.errors, []);
  assert.not.ok(r.kinds.includes('after'));
  assert.equal(r.host, []);
});

test('same seed, same verdict and trace hash', async () => {
  for (const kase of ['unhandled', 'listener']) {
    const a = await run(kase, 5);
    const b = await run(kase, 5);
    assert.is(a.sim.traceHash(), b.sim.traceHash(), kase);
    assert.equal(a.errors, b.errors);
    assert.equal(a.sim.notes, b.sim.notes);
  }
});

test.run();
