import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from './simulation.js';
import type { NodeContext, NodeFactory } from './types.js';

type Log = (string | number)[][];

test('restart: a new incarnation; stale timers and messages for the old one vanish', async () => {
  for (const fifo of [true, false]) {
    const log: Log = [];
    let oldCtx: NodeContext | null = null;
    const n1: NodeFactory = () => ({
      init(ctx) {
        log.push(['init', ctx.incarnation, sim.nowUs]);
        if (ctx.incarnation === 1) oldCtx = ctx;
        ctx.setTimer(50, `t${ctx.incarnation}`);
      },
      onMessage(ctx, msg) { log.push(['msg', ctx.incarnation, String(msg.body), sim.nowUs]); },
      onTimer(ctx, t) { log.push(['timer', ctx.incarnation, String(t.payload), sim.nowUs]); },
    });
    const n2: NodeFactory = () => ({
      init(ctx) { ctx.setTimer(5, 'to-old'); ctx.setTimer(25, 'to-new'); },
      onMessage() {},
      onTimer(ctx, t) { ctx.send('n1', t.payload); },
    });
    const sim = new Simulation({
      seed: 1, fifo, link: { latencyMs: 10, jitterMs: 0 },
      servers: [{ id: 'n1', factory: n1 }, { id: 'n2', factory: n2 }],
    });
    sim.schedule({ atUs: 10_000, label: 'restart n1', apply: (t) => t.restart('n1') });
    await sim.run();
    assert.equal(log, [
      ['init', 1, 0],
      ['init', 2, 10_000],
      ['msg', 2, 'to-new', 35_000],
      ['timer', 2, 't2', 60_000],
    ], `fifo=${fifo}`);
    assert.is(sim.network.stats.dropped.stale, 1);
    // The old incarnation's context refuses to act.
    assert.throws(() => (oldCtx as unknown as NodeContext).send('n2', 'ghost'), /incarnation 1.*after it crashed/);
  }
});

test('a crashed node receives nothing and runs no timers until restarted', async () => {
  const log: Log = [];
  const sim = new Simulation({
    seed: 1, link: { latencyMs: 1, jitterMs: 0 },
    servers: [
      {
        id: 'n1',
        factory: () => ({
          init(ctx) { log.push(['init', ctx.incarnation, sim.nowUs]); ctx.setTimer(15, 'tick'); },
          onMessage(ctx, msg) { log.push(['msg', ctx.incarnation, String(msg.body), sim.nowUs]); },
          onTimer(ctx) { log.push(['timer', ctx.incarnation, sim.nowUs]); },
        }),
      },
      {
        id: 'n2',
        factory: () => ({
          init(ctx) { for (const ms of [5, 20, 40]) ctx.setTimer(ms, ms); },
          onMessage() {},
          onTimer(ctx, t) { ctx.send('n1', `m${String(t.payload)}`); },
        }),
      },
    ],
  });
  sim.schedule({ atUs: 10_000, label: 'crash', apply: (t) => t.crash('n1') });
  sim.at(12, 'check', () => { assert.is(sim.isUp('n1'), false); assert.is(sim.nodeState('n1'), null); });
  sim.schedule({ atUs: 30_000, label: 'restart', apply: (t) => t.restart('n1') });
  await sim.run();
  assert.equal(log, [
    ['init', 1, 0],
    ['msg', 1, 'm5', 6_000],
    ['init', 2, 30_000],
    ['msg', 2, 'm40', 41_000],
    ['timer', 2, 45_000],
  ]);
  assert.is(sim.network.stats.dropped.down, 1);
});

test('pause: nothing runs while paused; queued work runs on resume in arrival order, with the clock showing the gap', async () => {
  const log: Log = [];
  const sim = new Simulation({
    seed: 1, link: { latencyMs: 1, jitterMs: 0 },
    servers: [
      {
        id: 'n1',
        factory: () => ({
          init(ctx) { ctx.setTimer(25, 'timer'); },
          onMessage(ctx, msg) { log.push([String(msg.body), sim.nowUs, ctx.monotonicNow()]); },
          onTimer(ctx, t) { log.push([String(t.payload), sim.nowUs, ctx.monotonicNow()]); },
        }),
      },
      {
        id: 'n2',
        factory: () => ({
          init(ctx) { for (const ms of [5, 20, 30, 60]) ctx.setTimer(ms, ms); },
          onMessage() {},
          onTimer(ctx, t) { ctx.send('n1', `m${String(t.payload)}`); },
        }),
      },
    ],
  });
  sim.schedule({ atUs: 10_000, label: 'pause', apply: (t) => t.pause('n1') });
  sim.at(45, 'check', () => assert.equal(log.length, 1, 'nothing ran while paused'));
  sim.schedule({ atUs: 50_000, label: 'resume', apply: (t) => t.resume('n1') });
  await sim.run();
  assert.equal(log, [
    ['m5', 6_000, 6],
    ['m20', 50_000, 50],
    ['timer', 50_000, 50],
    ['m30', 50_000, 50],
    ['m60', 61_000, 61],
  ]);
});

test('a crash while paused throws the queued work away', async () => {
  const log: Log = [];
  const sim = new Simulation({
    seed: 1, link: { latencyMs: 1, jitterMs: 0 },
    servers: [
      {
        id: 'n1',
        factory: () => ({
          init(ctx) { log.push(['init', ctx.incarnation]); },
          onMessage(ctx, msg) { log.push([String(msg.body), ctx.incarnation]); },
        }),
      },
      { id: 'n2', factory: () => ({ init(ctx) { ctx.setTimer(20); }, onMessage() {}, onTimer(ctx) { ctx.send('n1', 'queued'); } }) },
    ],
  });
  sim.schedule({ atUs: 10_000, label: 'pause', apply: (t) => t.pause('n1') });
  sim.schedule({ atUs: 30_000, label: 'crash', apply: (t) => t.crash('n1') });
  sim.schedule({ atUs: 40_000, label: 'restart', apply: (t) => t.restart('n1') });
  sim.schedule({ atUs: 50_000, label: 'resume (no-op)', apply: (t) => t.resume('n1') });
  await sim.run();
  assert.equal(log, [['init', 1], ['init', 2]]);
});

test.run();
