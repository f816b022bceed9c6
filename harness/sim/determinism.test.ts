import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkDeterminism, describeDifference } from './determinism.js';
import { Simulation, SimulationError, type SimulationOptions } from './simulation.js';
import type { NodeFactory } from './types.js';

const ring = (leak: { counter: number } | null): SimulationOptions => {
  const factory: NodeFactory = (id) => ({
    init(ctx) { ctx.setTimer(1 + ctx.rng.next()); },
    onMessage() {},
    onTimer(ctx) {
      // The leaky model reads state that lives outside the simulation and changes between runs.
      const n = leak === null ? ctx.rng.int(0, 9) : leak.counter++;
      const next = ctx.peers[(ctx.peers.indexOf(id) + 1) % ctx.peers.length] as string;
      ctx.send(next, { n });
      if (ctx.monotonicNow() < 50) ctx.setTimer(1 + ctx.rng.next());
    },
  });
  return { seed: 3, link: { jitterMs: 2 }, servers: ['n1', 'n2', 'n3'].map((id) => ({ id, factory })) };
};

test('a deterministic model: same hash, no difference', async () => {
  const report = await checkDeterminism(() => ring(null));
  assert.ok(report.same);
  assert.is(report.hashA, report.hashB);
  assert.ok(report.eventsA > 50);
  assert.is(report.firstDifference, undefined);
  assert.match(describeDifference(report), /^deterministic/);
});

test('a model reading a module-level counter: the first differing event is named', async () => {
  const leak = { counter: 0 };
  const report = await checkDeterminism(() => ring(leak), (sim) => sim.run(100));
  assert.not.ok(report.same);
  assert.is.not(report.hashA, report.hashB);
  const d = report.firstDifference;
  assert.ok(d !== undefined);
  // The first timers match (they only read the rng); the first message delivered differs in its body.
  assert.ok(d.index > 0);
  const shape = /^([\d.]+ms deliver n\d from n\d #\d+) \{"n":(\d+)\}$/;
  const ma = shape.exec(d.a);
  const mb = shape.exec(d.b);
  assert.ok(ma && mb, `${d.a} | ${d.b}`);
  assert.is(ma[1], mb[1]); // same event: same time, kind, place and message id...
  assert.ok(Number(ma[2]) < Number(mb[2])); // ...but the second run read a counter the first had moved
  assert.match(describeDifference(report), new RegExp(`diverge at event ${d.index}`));
});

test('a run that stops early is reported against the end of the trace', async () => {
  let runs = 0;
  const report = await checkDeterminism(() => ({ ...ring(null), maxEvents: runs++ === 0 ? 30 : 20 }));
  assert.not.ok(report.same);
  assert.equal(report.firstDifference?.index, 20);
  assert.is(report.firstDifference?.b, '<end of trace>');
});

test('a model that changes a body after sending it fails the check naming the node; bodies it leaves alone pass', async () => {
  const sender = (mutate: boolean): SimulationOptions => ({
    seed: 1,
    servers: [
      {
        id: 'n1',
        factory: () => ({
          init(ctx) {
            const body = { term: 1, entries: [{ v: 'a' }] };
            ctx.send('n2', body);
            if (mutate) body.entries.push({ v: 'b' }); // a real network has already copied the bytes
          },
          onMessage() {},
        }),
      },
      { id: 'n2', factory: () => ({ onMessage() {} }) },
    ],
  });
  assert.ok((await checkDeterminism(() => sender(false))).same);
  try {
    await checkDeterminism(() => sender(true));
    assert.unreachable('the changed body was not caught');
  } catch (error) {
    assert.instance(error, SimulationError);
    assert.match((error as Error).message, /^n1 threw at 0\.000 ms: .*message bodies are frozen once sent/);
  }
  // Outside the check nothing is frozen (the hash walks a body when it is delivered).
  const sim = new Simulation(sender(true));
  assert.is(await sim.run(), 'quiescent');
});

test.run();
