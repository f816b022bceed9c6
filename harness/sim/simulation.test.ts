import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, SimulationError } from './simulation.js';
import type { NodeFactory } from './types.js';

const idle: NodeFactory = () => ({ onMessage() {} });
const ticker = (everyMs: number): NodeFactory => () => ({
  init(ctx) { ctx.setTimer(everyMs); },
  onMessage() {},
  onTimer(ctx) { ctx.setTimer(everyMs); },
});

// ---- invalid input ----

test('a duplicate node id is named', () => {
  assert.throws(() => new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }, { id: 'n1', factory: idle }] }), /node id "n1" is used twice/);
  assert.throws(
    () => new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }], clients: [{ id: 'n1', workload: async () => {} }] }),
    /node id "n1" is used twice/,
  );
  assert.throws(() => new Simulation({ seed: 1, servers: [{ id: '*', factory: idle }] }), /"\*" is not a usable name/);
  assert.throws(() => new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }], clocks: { n9: { driftPpm: 5 } } }), /clocks: unknown node "n9"/);
});

test('a fault naming an unknown node is named, whichever fault it is', () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }, { id: 'n2', factory: idle }] });
  const t = sim.faultTarget;
  const cases: [() => void, RegExp][] = [
    [() => t.crash('n9'), /crash: unknown node "n9" \(known: n1, n2\)/],
    [() => t.restart('n9'), /restart: unknown node "n9"/],
    [() => t.pause('zz'), /pause: unknown node "zz"/],
    [() => t.resume('zz'), /resume: unknown node "zz"/],
    [() => t.setClockDrift('zz', 1), /clock-drift: unknown node "zz"/],
    [() => t.jumpClock('zz', 1), /clock-jump: unknown node "zz"/],
    [() => t.setGrudge({ n1: ['ghost'] }), /partition: unknown node "ghost"/],
    [() => t.setGrudge({ ghost: ['n1'] }), /partition: unknown node "ghost"/],
    [() => t.setLink('n1', 'ghost', { loss: 1 }), /link: unknown node "ghost"/],
  ];
  for (const [fn, pattern] of cases) {
    try {
      fn();
      assert.unreachable(`expected ${pattern}`);
    } catch (error) {
      assert.instance(error, SimulationError);
      assert.match((error as Error).message, pattern);
    }
  }
});

test('a scheduled fault on an unknown node fails the run with the name', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }] });
  sim.schedule({ atUs: 5, label: 'crash n7', apply: (t) => t.crash('n7') });
  try {
    await sim.run();
    assert.unreachable('run should fail');
  } catch (error) {
    assert.match((error as Error).message, /unknown node "n7"/);
  }
});

test('a negative or fractional fault time is refused with the fault label', () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }] });
  assert.throws(() => sim.schedule({ atUs: -5, label: 'early crash', apply: () => {} }), /fault "early crash": time -5 µs must be a non-negative integer/);
  assert.throws(() => sim.schedule({ atUs: 1.5, label: 'half', apply: () => {} }), /fault "half"/);
  assert.throws(
    () => new Simulation({ seed: 1, servers: [{ id: 'n1', factory: idle }], faults: [{ atUs: -1, label: 'from options', apply: () => {} }] }),
    /fault "from options"/,
  );
});

test('a message to a node that does not exist names the sender and the target', async () => {
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 'n1', factory: () => ({ init(ctx) { ctx.setTimer(3); }, onMessage() {}, onTimer(ctx) { ctx.send('ghost', 'boo'); } }) }],
  });
  try {
    await sim.run();
    assert.unreachable('run should fail');
  } catch (error) {
    assert.instance(error, SimulationError);
    assert.match((error as Error).message, /n1 threw at 3\.000 ms: n1 sent a message to unknown node "ghost" \(known: n1\)/);
  }
});

test('a bad timer delay is refused', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: () => ({ init(ctx) { ctx.setTimer(-1); }, onMessage() {} }) }] });
  await sim.run().then(() => assert.unreachable('run should fail'), (error: Error) => assert.match(error.message, /timer delay -1 ms/));
});

// ---- buggify ----

async function buggifyDraws(seed: number, buggify: boolean | undefined, p: number): Promise<boolean[]> {
  const draws: boolean[] = [];
  const sim = new Simulation({
    seed,
    ...(buggify === undefined ? {} : { buggify }),
    servers: [{ id: 'n1', factory: () => ({ init(ctx) { for (let i = 0; i < 200; i++) draws.push(ctx.buggify(p)); }, onMessage() {} }) }],
  });
  await sim.run();
  return draws;
}

test('buggify never fires unless enabled', async () => {
  for (const flag of [undefined, false]) assert.not.ok((await buggifyDraws(1, flag, 1)).some(Boolean));
});

test('buggify is seed-deterministic and fires at about its probability', async () => {
  const a = await buggifyDraws(5, true, 0.5);
  assert.equal(await buggifyDraws(5, true, 0.5), a);
  assert.not.equal(await buggifyDraws(6, true, 0.5), a);
  const hits = a.filter(Boolean).length;
  assert.ok(hits > 70 && hits < 130, `${hits}/200`);
  assert.ok((await buggifyDraws(5, true, 1)).every(Boolean));
  assert.not.ok((await buggifyDraws(5, true, 0)).some(Boolean));
});

// ---- stop reasons ----

test('time-limit: stops at the limit with time left there, and a later run carries on', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: ticker(10) }] });
  assert.is(await sim.run(95), 'time-limit');
  assert.is(sim.nowUs, 95_000);
  assert.is(sim.events, 9);
  assert.is(await sim.run(200), 'time-limit');
  assert.is(sim.events, 20);
  assert.is(sim.stats().timersFired, 20);
});

test('time-limit: a limit earlier than now never moves time backwards', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: ticker(10) }] });
  await sim.run(95);
  assert.is(await sim.run(50), 'time-limit');
  assert.is(sim.nowUs, 95_000);
  assert.is(sim.events, 9);
});

test('event-limit: stops after maxEvents executed events', async () => {
  const sim = new Simulation({ seed: 1, maxEvents: 25, servers: [{ id: 'n1', factory: ticker(1) }] });
  assert.is(await sim.run(), 'event-limit');
  assert.is(sim.events, 25);
  assert.is(sim.nowUs, 25_000);
});

test('quiescent: nothing left to run', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: () => ({ init(ctx) { ctx.setTimer(7); }, onMessage() {} }) }] });
  assert.is(await sim.run(1000), 'quiescent');
  assert.is(sim.nowUs, 7_000);
});

test('stopped: stop() from a harness callback ends the run after that event; run() resumes', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: ticker(10) }] });
  sim.at(42, 'stop here', () => sim.stop());
  assert.is(await sim.run(1000), 'stopped');
  assert.is(sim.nowUs, 42_000);
  assert.is(await sim.run(100), 'time-limit');
  assert.is(sim.nowUs, 100_000);
});

test('a fault scheduled in the past (after the run began) applies now, without moving time backwards', async () => {
  const sim = new Simulation({ seed: 1, servers: [{ id: 'n1', factory: ticker(10) }] });
  await sim.run(50);
  let appliedAt = -1;
  sim.schedule({ atUs: 10_000, label: 'late', apply: () => { appliedAt = sim.nowUs; } });
  await sim.run(60);
  assert.is(appliedAt, 50_000);
});

test('stats, logs, notes and coverage are collected', async () => {
  const sim = new Simulation({
    seed: 1, maxLogLines: 2,
    servers: [{ id: 'n1', factory: () => ({ init(ctx) { ctx.log('a'); ctx.log('b'); ctx.log('c'); ctx.cover('boot'); ctx.storage.fsync(); }, onMessage() {} }) }],
    clients: [{ id: 'c1', workload: async (ctx) => { ctx.note('belief', { holder: true }); ctx.cover('boot'); } }],
  });
  sim.schedule({ atUs: 1, label: 'noop', apply: () => {} });
  await sim.run();
  assert.equal(sim.logs.map((l) => l.message), ['a', 'b']);
  assert.equal(sim.notes, [{ timeUs: 0, node: 'c1', kind: 'belief', data: { holder: true } }]);
  assert.is(sim.coverage.get('boot'), 2);
  const stats = sim.stats();
  assert.equal([stats.droppedLogLines, stats.fsyncs, stats.faultsApplied], [1, 1, 1]);
});

test.run();
