import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, type SimulationOptions } from './simulation.js';
import type { ClientWorkload, NodeFactory } from './types.js';

/** Echo server: replies `{ echo: body }`, unless the body asks for silence. */
const echo: NodeFactory = () => ({
  onMessage(ctx, msg) {
    if (msg.body !== 'silence') ctx.reply(msg, { echo: msg.body, by: ctx.id });
  },
});

function sim(workloads: ClientWorkload[], extra: Partial<SimulationOptions> = {}): Simulation {
  return new Simulation({
    seed: 1,
    link: { latencyMs: 1, jitterMs: 0 },
    servers: [{ id: 's1', factory: echo }, { id: 's2', factory: echo }],
    clients: workloads.map((workload, i) => ({ id: `c${i + 1}`, workload })),
    ...extra,
  });
}

test('call resolves with the reply, or with a timeout after timeoutMs', async () => {
  const seen: unknown[] = [];
  const s = sim([async (ctx) => {
    seen.push(await ctx.call('s1', 'hi', { timeoutMs: 50 }), ctx.trueNow());
    seen.push(await ctx.call('s1', 'silence', { timeoutMs: 50 }), ctx.trueNow());
    seen.push(await ctx.call('s2', 'again', { timeoutMs: 50 }), ctx.trueNow());
  }]);
  assert.is(await s.run(), 'quiescent');
  assert.equal(seen, [
    { status: 'ok', body: { echo: 'hi', by: 's1' }, from: 's1' }, 2,
    { status: 'timeout' }, 52,
    { status: 'ok', body: { echo: 'again', by: 's2' }, from: 's2' }, 54,
  ]);
  assert.equal(s.clientErrors, []);
});

test('a reply that comes after the timeout is ignored', async () => {
  const seen: unknown[] = [];
  const s = sim([async (ctx) => {
    seen.push((await ctx.call('s1', 'slow', { timeoutMs: 5 })).status);
    seen.push(await ctx.call('s2', 'fast', { timeoutMs: 50 }), ctx.trueNow());
  }], { link: { latencyMs: 4, jitterMs: 0 } });
  s.schedule({ atUs: 0, label: 'slow links', apply: (t) => { t.setLink('s1', 'c1', { latencyMs: 20 }); t.setLink('c1', 's2', { latencyMs: 30 }); } });
  await s.run();
  // s1's late reply lands at 24 ms, while the second call (answered at 39 ms) is pending: it must not answer it.
  assert.equal(seen, ['timeout', { status: 'ok', body: { echo: 'fast', by: 's2' }, from: 's2' }, 39]);
  assert.is(s.network.stats.delivered, 4);
});

test('sleep resumes after the given time; Promise.all waits on two calls at once', async () => {
  const seen: unknown[] = [];
  const s = sim([async (ctx) => {
    await ctx.sleep(10);
    seen.push(ctx.trueNow(), ctx.monotonicNow());
    const [a, b] = await Promise.all([
      ctx.call<{ echo: string }>('s1', 'x', { timeoutMs: 100 }),
      ctx.call<{ echo: string }>('s2', 'y', { timeoutMs: 100 }),
    ]);
    seen.push(a.status === 'ok' ? a.body.echo : 'timeout', b.status === 'ok' ? b.body.echo : 'timeout', ctx.trueNow());
    await ctx.sleep(0.5);
    seen.push(ctx.trueNow());
  }]);
  s.schedule({ atUs: 0, label: 'slow s2', apply: (t) => t.setLink('c1', 's2', { latencyMs: 7 }) });
  await s.run();
  assert.equal(seen, [10, 10, 'x', 'y', 18, 18.5]);
});

test('history records invoke / ok / fail / info with true times, and a new process after info', async () => {
  const processes: number[] = [];
  const s = sim([async (ctx) => {
    processes.push(ctx.process);
    let op = ctx.invoke('write', 1, 'k');
    const r1 = await ctx.call('s1', 'w', { timeoutMs: 10 });
    if (r1.status === 'ok') op.ok();
    op = ctx.invoke('cas', [1, 2], 'k');
    await ctx.sleep(1);
    op.fail();
    op = ctx.invoke('read', null, 'k');
    const r2 = await ctx.call('s1', 'silence', { timeoutMs: 10 });
    if (r2.status === 'timeout') op.info();
    processes.push(ctx.process);
    ctx.invoke('read', null).ok(1);
  }, async (ctx) => { processes.push(ctx.process); }]);
  await s.run();
  assert.equal(processes, [0, 1, 2]);
  assert.equal(
    s.history.map((o) => [o.index, o.process, o.type, o.f, o.value, o.time, o.key]),
    [
      [0, 0, 'invoke', 'write', 1, 0, 'k'],
      [1, 0, 'ok', 'write', 1, 2000, 'k'],
      [2, 0, 'invoke', 'cas', [1, 2], 2000, 'k'],
      [3, 0, 'fail', 'cas', [1, 2], 3000, 'k'],
      [4, 0, 'invoke', 'read', null, 3000, 'k'],
      [5, 0, 'info', 'read', null, 13_000, 'k'],
      [6, 2, 'invoke', 'read', null, 13_000, undefined],
      [7, 2, 'ok', 'read', 1, 13_000, undefined],
    ],
  );
});

test('op handles complete unbound and after an await; a handle completes once; key only on keyed ops', async () => {
  const errors: string[] = [];
  const s = sim([async (ctx) => {
    const first = ctx.invoke('write', 1, 'k');
    const ok = first.ok;
    await ctx.sleep(1);
    ok(); // unbound, read before the await
    try {
      first.fail();
    } catch (error) {
      errors.push((error as Error).message);
    }
    const second = ctx.invoke('read', null);
    (ctx.stopping ? second.fail : second.info)('timeout');
  }]);
  await s.run();
  assert.equal(errors, ['op 0 (write by process 0) completed twice']);
  assert.equal(s.history.map((o) => [o.process, o.type, o.value, 'key' in o]), [
    [0, 'invoke', 1, true],
    [0, 'ok', 1, true],
    [0, 'invoke', null, false],
    [0, 'info', 'timeout', false],
  ]);
});

test('a client crash turns its open operation into info; after restart it runs as a new process', async () => {
  const starts: number[] = [];
  const s = sim([async (ctx) => {
    starts.push(ctx.process);
    const op = ctx.invoke('write', starts.length);
    const r = await ctx.call('s1', 'silence', { timeoutMs: 1000 });
    op.info(r.status);
  }]);
  s.schedule({ atUs: 10_000, label: 'crash c1', apply: (t) => t.crash('c1') });
  s.schedule({ atUs: 20_000, label: 'restart c1', apply: (t) => t.restart('c1') });
  await s.run();
  assert.equal(starts, [0, 1]);
  assert.equal(s.history.map((o) => [o.process, o.type, o.value, o.time]), [
    [0, 'invoke', 1, 0],
    [0, 'info', 1, 10_000],
    [1, 'invoke', 2, 20_000],
    [1, 'info', 'timeout', 1_020_000],
  ]);
});

test('clients start at startMs; a workload error is collected, not thrown', async () => {
  const s = new Simulation({
    seed: 1,
    servers: [{ id: 's1', factory: echo }],
    clients: [
      { id: 'late', startMs: 40, workload: async (ctx) => { await ctx.sleep(1); throw new Error(`boom at ${ctx.trueNow()}`); } },
      { id: 'bad', workload: async (ctx) => { ctx.send('nowhere', 1); } },
    ],
  });
  assert.is(await s.run(), 'quiescent');
  const errors = s.clientErrors.map((e) => [e.node, (e.error as Error).message]);
  assert.is(errors.length, 2);
  assert.equal(errors[1], ['late', 'boom at 41']);
  assert.is(errors[0]?.[0], 'bad');
  assert.match(String(errors[0]?.[1]), /unknown node "nowhere"/);
});

test('many concurrent clients interleave the same way every run', async () => {
  const run = async () => {
    const order: string[] = [];
    const workload: ClientWorkload = async (ctx) => {
      for (let i = 0; i < 20; i++) {
        const r = await ctx.call('s1', `${ctx.id}:${i}`, { timeoutMs: 5 });
        order.push(`${ctx.id}:${i}:${r.status}`);
        await Promise.all([ctx.sleep(ctx.rng.next()), ctx.call('s2', i, { timeoutMs: 3 })]);
      }
    };
    const s = new Simulation({
      seed: 4, fifo: false, link: { latencyMs: 1, jitterMs: 2, loss: 0.1 },
      servers: [{ id: 's1', factory: echo }, { id: 's2', factory: echo }],
      clients: ['a', 'b', 'c', 'd'].map((id) => ({ id, workload })),
    });
    await s.run();
    return { order, hash: s.traceHash() };
  };
  const a = await run();
  const b = await run();
  assert.is(a.order.length, 80);
  assert.ok(a.order.some((o) => o.endsWith('timeout')));
  assert.equal(a, b);
});

test.run();
