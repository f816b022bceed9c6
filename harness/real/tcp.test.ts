import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../sim/simulation.js';
import type { NodeFactory, TimedAction } from '../sim/types.js';
import { realProcess } from './index.js';
import { isTcpSegment, type TcpSegment } from './tcp-segment.js';
import { TcpServer } from './tcp-server.js';
import type { Envelope } from '../sim/types.js';

/** Port 7 answers each chunk in upper case and closes when the client does. */
const upperEcho: NodeFactory = () => {
  const tcp = new TcpServer({ 7: (stream) => ({ onData: (data) => stream.write(data.toUpperCase()), onEnd: () => stream.end() }) });
  return { onMessage: (ctx, msg) => { if (isTcpSegment(msg.body)) tcp.onSegment(ctx, msg as Envelope<TcpSegment>); } };
};

const CLIENT = new URL('./fixtures/net-client.ts', import.meta.url);

async function run(env: Record<string, string>, faults: TimedAction[] = []) {
  const sim = new Simulation({
    seed: 5, servers: [{ id: 's1', factory: upperEcho }],
    clients: [{ id: 'c1', workload: realProcess(CLIENT, { env }) }], faults,
  });
  await sim.run(60_000);
  assert.equal(sim.clientErrors, []);
  // A byte stream: what arrives in one chunk or several depends on timing, so adjacent data is joined.
  const out: string[] = [];
  for (const n of sim.notes) {
    const last = out.length - 1;
    if (n.kind === 'data' && out[last]?.startsWith('data ')) out[last] += String(n.data.text);
    else out.push(n.kind === 'data' ? `data ${String(n.data.text)}` : n.kind === 'error' ? `error ${String(n.data.code)}` : n.kind);
  }
  return out;
}

const lines = (n: number) => `data ${Array.from({ length: n }, (_, i) => `LINE ${i + 1}\n`).join('')}`;

const at = (ms: number, label: string, apply: TimedAction['apply']): TimedAction => ({ atUs: ms * 1000, label, apply });

test('connect, bytes both ways in order, end and close', async () => {
  assert.equal(await run({ COUNT: '3' }), ['connect', lines(3), 'end', 'close']);
});

test('a partition delays the bytes (retransmission) but loses none', async () => {
  const notes = await run({ COUNT: '5' }, [
    at(12, 'cut', (t) => t.setGrudge({ s1: ['c1'], c1: ['s1'] })),
    at(1500, 'heal', (t) => t.heal()),
  ]);
  assert.equal(notes, ['connect', lines(5), 'end', 'close']);
});

test('the server restarts: the next segment meets no connection there and the socket is reset', async () => {
  const notes = await run({ COUNT: '5', PERIOD_MS: '20' }, [
    at(30, 'crash', (t) => t.crash('s1')),
    at(35, 'restart', (t) => t.restart('s1')),
  ]);
  assert.equal(notes.slice(-2), ['error ECONNRESET', 'close']);
});

test('a socket ended while connecting connects, stays unwritable (as in Node) and closes', async () => {
  const sim = new Simulation({
    seed: 5, servers: [{ id: 's1', factory: upperEcho }],
    clients: [{ id: 'c1', workload: realProcess(new URL('./fixtures/end-while-connecting.ts', import.meta.url)) }],
  });
  await sim.run(60_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(sim.notes.map((n) => [n.kind, n.data]), [['connect', { writable: false }], ['close', {}]]);
});

test('nothing listens on the port: refused; an unknown host: refused', async () => {
  assert.equal(await run({ PORT: '8' }), ['error ECONNREFUSED', 'close']);
  assert.equal(await run({ HOST: 'nowhere' }), ['error ECONNREFUSED', 'close']);
});

test.run();
