/** realProcess as a server node, with real clients, under crashes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { TimedAction } from '../sim/types.js';
import { realProcess } from './index.js';

const SERVER = new URL('./fixtures/kv-server.ts', import.meta.url);
const CLIENT = new URL('./fixtures/kv-client.ts', import.meta.url);
const PROXY = new URL('./fixtures/proxy-server.ts', import.meta.url);
const at = (ms: number, label: string, apply: TimedAction['apply']): TimedAction => ({ atUs: ms * 1000, label, apply });

function simulation(seed: number, serverEnv: Record<string, string> = {}, faults: TimedAction[] = [], clientEnv: Record<string, string> = {}) {
  return new Simulation({
    seed, faults,
    servers: [{ id: 's1', factory: realProcess(SERVER, { env: serverEnv }) }],
    clients: [{ id: 'c1', workload: realProcess(CLIENT, { env: { COUNT: '6', ...clientEnv } }) }],
  });
}

const ops = (sim: Simulation) => sim.history.filter((o) => o.type !== 'invoke').map((o) => `${o.type} ${o.f} ${o.value ?? ''}`.trim());

test('a real client and a real server: every request answered, at once or after the server\'s own timer', async () => {
  for (const delay of ['0', '30']) {
    const sim = simulation(3, { REPLY_DELAY_MS: delay });
    await sim.run(60_000);
    assert.equal(sim.clientErrors, []);
    assert.equal(ops(sim), ['ok write', 'ok read 1', 'ok write', 'ok read 3', 'ok write', 'ok read 5'], `delay ${delay}`);
  }
});

test('an answer takes one round trip when written at once, and the server\'s timer more when delayed (no poll interval in between)', async () => {
  const latency = async (delay: string) => {
    const sim = simulation(3, { REPLY_DELAY_MS: delay });
    await sim.run(60_000);
    const spans: number[] = [];
    for (let i = 0; i + 1 < sim.history.length; i += 2) spans.push(sim.history[i + 1]!.time - sim.history[i]!.time);
    return Math.max(...spans);
  };
  const now = await latency('0');
  const later = await latency('30');
  assert.ok(now < 5_000, `${now} µs`); // the kernel's default links: about 1 ms each way
  assert.ok(later >= 30_000 && later < 35_000, `${later} µs`);
});

test('same seed, same trace hash, also with another run interleaved; another seed differs', async () => {
  const a = simulation(11);
  const b = simulation(11);
  const c = simulation(12);
  await Promise.all([a.run(60_000), b.run(60_000), c.run(60_000)]);
  assert.is(a.traceHash(), b.traceHash());
  assert.not.equal(a.traceHash(), c.traceHash());
});

test('a crash loses the process and its memory; the restart runs the entry again and serves', async () => {
  const sim = simulation(5, { REPLY_DELAY_MS: '20' }, [at(40, 'crash', (t) => t.crash('s1')), at(60, 'restart', (t) => t.restart('s1'))], { COUNT: '8' });
  await sim.run(60_000);
  assert.equal(sim.clientErrors, []);
  const seen = ops(sim);
  assert.ok(seen.includes('info write') || seen.includes('info read'), seen.join(', '));
  assert.ok(sim.notes.some((n) => n.kind === 'socket-error' && n.data.code === 'ECONNRESET'), 'the old connection was reset');
  assert.ok(seen.includes('ok read 0'), `a read after the restart finds the register empty: ${seen.join(', ')}`);
});

test('a listener closed refuses new connections, whether the process goes on or exits', async () => {
  for (const env of [{ CLOSE_AFTER_MS: '1', KEEP_RUNNING: '1' }, { CLOSE_AFTER_MS: '1' }] as Record<string, string>[]) {
    const sim = simulation(5, env, [], { COUNT: '2' });
    await sim.run(2_000);
    assert.ok(sim.notes.some((n) => n.kind === 'socket-error' && n.data.code === 'ECONNREFUSED'), JSON.stringify(env));
  }
});

test('an uncaught error in the server fails the run naming the node and the error', async () => {
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 's1', factory: realProcess(SERVER) }],
    clients: [{ id: 'c1', workload: async (ctx) => { await ctx.call('s1', { type: 'tcp', conn: 'k', port: 7000, syn: true, fin: false, rst: false, seq: 0, ack: 0, data: 'BOOM\n' }, { timeoutMs: 100 }); } }],
  });
  const error = await sim.run(1_000).then(() => null, (e: unknown) => e);
  assert.match(String(error), /s1/);
  assert.match(String(error), /the server was told to crash/);
});

test('a server connects to another server: a proxy in front of the key-value server, and what it sees when that one crashes', async () => {
  const proxied = (faults: TimedAction[] = []) => new Simulation({
    seed: 4, faults,
    servers: [{ id: 's1', factory: realProcess(PROXY) }, { id: 's2', factory: realProcess(SERVER) }],
    clients: [{ id: 'c1', workload: realProcess(CLIENT, { env: { COUNT: '6' } }) }],
  });
  const calm = proxied();
  await calm.run(60_000);
  assert.equal(calm.clientErrors, []);
  assert.equal(ops(calm), ['ok write', 'ok read 1', 'ok write', 'ok read 3', 'ok write', 'ok read 5']);
  const again = proxied();
  await again.run(60_000);
  assert.is(again.traceHash(), calm.traceHash());

  const crashed = proxied([at(12, 'crash', (t) => t.crash('s2')), at(14, 'restart', (t) => t.restart('s2'))]);
  await crashed.run(60_000);
  assert.equal(crashed.clientErrors, []);
  // The read in flight when s2 crashed is retransmitted by the proxy's TCP (200 ms) into the restarted s2,
  // which resets it: the proxy answers "ERR upstream ECONNRESET", read by the client as NaN; the next
  // request connects again and the rest are served.
  assert.equal(ops(crashed), ['ok write', 'ok read NaN', 'ok write', 'ok read 3', 'ok write', 'ok read 5']);
  const [, , readInvoked, readAnswered] = crashed.history;
  assert.ok(readAnswered!.time - readInvoked!.time > 200_000, 'answered after the retransmission timeout');
});

test('answers to a server\'s calls that come after their timeout are dropped (a link slower than the retransmission timeout)', async () => {
  const sim = new Simulation({
    seed: 4, recordTrace: true,
    faults: [at(0, 'slow upstream', (t) => t.setLink('s2', 's1', { latencyMs: 250 }))],
    servers: [{ id: 's1', factory: realProcess(PROXY) }, { id: 's2', factory: realProcess(SERVER) }],
    clients: [{ id: 'c1', workload: realProcess(CLIENT, { env: { COUNT: '2' } }) }],
  });
  await sim.run(10_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(ops(sim), ['ok write', 'ok read 1']);
  // Late answers from s2 reach none of s1's listeners: no connection from s2 is opened or reset at s1.
  const fromS2 = sim.trace.filter((line) => line.includes('deliver s2 from s1'));
  assert.ok(fromS2.length < 60, `${fromS2.length} segments from s1 to s2`);
  assert.not.ok(sim.trace.some((line) => line.includes('deliver s2 from s1') && line.includes('"rst":true')), 'no reset sent upstream');
});

test('a client process cannot listen: the run fails saying where servers go', async () => {
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 's1', factory: realProcess(SERVER) }],
    clients: [{ id: 'c1', workload: realProcess(SERVER) }],
  });
  await sim.run(1_000);
  assert.match(String(sim.clientErrors[0]?.error), /real process c1 called net\.Server\.listen: .*a server's factory/);
});

test.run();
