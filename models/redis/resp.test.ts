import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realProcess } from '../../harness/real/index.js';
import { Simulation } from '../../harness/sim/simulation.js';
import { RespParser, bulk, encode, int, status } from './resp.js';
import { respRedisNode } from './resp-server.js';

test('the parser yields whole commands only, across any split of the bytes, inline commands too', () => {
  const wire = '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\nPING\r\n*1\r\n$3\r\nGET\r\n';
  for (let cut = 0; cut <= wire.length; cut++) {
    const p = new RespParser();
    const out: string[][] = [];
    for (const part of [wire.slice(0, cut), wire.slice(cut)]) {
      p.push(part);
      for (let c = p.next(); c !== null; c = p.next()) out.push(c);
    }
    assert.equal(out, [['SET', 'k', 'v1'], ['PING'], ['GET']], `cut at ${cut}`);
  }
});

test('replies encode per protocol: nulls and maps differ between RESP2 and RESP3', () => {
  assert.is(encode(bulk(null), 2), '$-1\r\n');
  assert.is(encode(bulk(null), 3), '_\r\n');
  const map = { kind: 'map' as const, entries: [[bulk('proto'), int(3)]] as [ReturnType<typeof bulk>, ReturnType<typeof int>][] };
  assert.is(encode(map, 2), '*2\r\n$5\r\nproto\r\n:3\r\n');
  assert.is(encode(map, 3), '%1\r\n$5\r\nproto\r\n:3\r\n');
  assert.is(encode(status('OK'), 3), '+OK\r\n');
});

test('ioredis, unmodified, talks RESP3 to the Redis model over simulated TCP: SET NX PX, GET, expiry, an unknown command', async () => {
  const sim = new Simulation({
    seed: 3, servers: [{ id: 'r1', factory: respRedisNode({ persistence: 'none' }) }],
    clients: [{ id: 'c1', workload: realProcess(new URL('./fixtures/ioredis-client.js', import.meta.url)) }],
  });
  await sim.run(5_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(sim.history.filter((o) => o.type === 'ok').map((o) => o.value), ['OK', null, 'v1', null]);
  assert.equal(sim.notes.filter((n) => n.kind === 'unknown-command').map((n) => n.data.message), ["ERR unknown command 'FLUSHALL', with args beginning with: "]);
});

test.run();
