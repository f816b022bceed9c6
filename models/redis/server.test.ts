import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../harness/faults/compile.js';
import type { FaultSchedule } from '../../harness/faults/types.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext } from '../../harness/sim/types.js';
import { redis, type DataCommand, type RedisCommand, type RedisReply } from './commands.js';
import { Keyspace } from './keyspace.js';
import { redisNode, type RedisConfig } from './server.js';

/** Runs `steps` from one client against one Redis node; returns each step's result (or the error). */
async function script(config: RedisConfig, steps: { atMs: number; command: RedisCommand }[], faults: FaultSchedule = []) {
  const results: unknown[] = [];
  const workload = async (ctx: ClientContext) => {
    for (const step of steps) {
      const wait = step.atMs - ctx.trueNow();
      if (wait > 0) await ctx.sleep(wait);
      const r = await ctx.call<RedisReply>('r1', redis(step.command), { timeoutMs: 50 });
      results.push(r.status === 'timeout' ? 'timeout' : r.body.type === 'redis-ok' ? r.body.result : r.body.error);
    }
  };
  const topology = { servers: ['r1'], clients: ['c'] };
  const sim = new Simulation({
    seed: 1, servers: [{ id: 'r1', factory: redisNode(config) }], clients: [{ id: 'c', workload }],
    link: { latencyMs: 1, jitterMs: 0 }, faults: compile(faults, topology),
  });
  await sim.run(10_000);
  return results;
}

const lock = (value: string, px = 1000): DataCommand => ({ cmd: 'set', key: 'lock', value, nx: true, px });

test('keyspace: SET NX, compare-and-delete and compare-and-extend only touch our own value', () => {
  const k = new Keyspace();
  assert.is(k.execute(lock('a'), 0).result, 'OK');
  assert.is(k.execute(lock('b'), 10).result, null);
  assert.is(k.execute({ cmd: 'cad', key: 'lock', value: 'b' }, 20).result, 0);
  assert.is(k.execute({ cmd: 'cax', key: 'lock', value: 'a', px: 1000 }, 900).result, 1);
  assert.is(k.execute({ cmd: 'get', key: 'lock' }, 1500).result, 'a'); // extended to 1900
  assert.is(k.execute({ cmd: 'get', key: 'lock' }, 1900).result, null);
  assert.is(k.execute(lock('b'), 2000).result, 'OK');
  assert.is(k.execute({ cmd: 'cad', key: 'lock', value: 'b' }, 2001).result, 1);
  assert.is(k.execute({ cmd: 'incr', key: 'n' }, 0).result, 1);
  assert.is(k.execute({ cmd: 'incr', key: 'n' }, 0).result, 2);
  assert.is(k.execute({ cmd: 'set-nx-incr', key: 'lock', value: 'c', px: 10, counter: 'n' }, 0).result, 3);
  assert.is(k.execute({ cmd: 'set-nx-incr', key: 'lock', value: 'd', px: 10, counter: 'n' }, 5).result, null);
  assert.is(k.execute({ cmd: 'pexpire', key: 'lock', px: 100 }, 5).result, 1);
  assert.is(k.execute({ cmd: 'del', key: 'lock' }, 6).result, 1);
  assert.is(k.execute({ cmd: 'del', key: 'lock' }, 6).result, 0);
});

test('server: a forward wall-clock jump expires a key early', async () => {
  const results = await script({ persistence: 'none' }, [
    { atMs: 0, command: lock('a', 5000) },
    { atMs: 100, command: { cmd: 'get', key: 'lock' } },
    { atMs: 200, command: { cmd: 'get', key: 'lock' } },
  ], [{ at: 150_000, kind: 'clock-jump', node: 'r1', deltaMs: 6000 }]);
  assert.equal(results, ['OK', 'a', null]);
});

test('server: active expiry deletes keys nobody reads', async () => {
  const topology = { servers: ['r1'], clients: [] };
  const sim = new Simulation({ seed: 1, servers: [{ id: 'r1', factory: redisNode({ persistence: 'none' }) }], faults: compile([], topology) });
  await sim.run(1);
  sim.nodeState<{ keyspace: Keyspace }>('r1')?.keyspace.apply({ op: 'set', key: 'k', value: 'v', expiresAtMs: sim.clockOf('r1').wallMs + 300 });
  await sim.run(350);
  assert.is(sim.nodeState<{ keyspace: Keyspace }>('r1')?.keyspace.size, 1); // expired, not yet collected
  await sim.run(450);
  assert.is(sim.nodeState<{ keyspace: Keyspace }>('r1')?.keyspace.size, 0);
});

const crashAt = (ms: number, restartMs: number): FaultSchedule => [
  { at: ms * 1000, kind: 'crash', node: 'r1' },
  { at: restartMs * 1000, kind: 'restart', node: 'r1' },
];

test('server: persistence none loses the lock in a crash; aof-always keeps it', async () => {
  const steps = [{ atMs: 0, command: lock('a', 5000) }, { atMs: 500, command: lock('b', 5000) }];
  assert.equal(await script({ persistence: 'none' }, steps, crashAt(100, 110)), ['OK', 'OK']);
  assert.equal(await script({ persistence: 'aof-always' }, steps, crashAt(100, 110)), ['OK', null]);
});

test('server: aof-everysec loses what the last second did not fsync', async () => {
  const steps = [{ atMs: 0, command: lock('a', 5000) }, { atMs: 1500, command: lock('b', 5000) }, { atMs: 3000, command: { cmd: 'get', key: 'lock' } as RedisCommand }];
  // Crash at 100 ms: the first fsync (1 s) never ran. Crash at 1200 ms: it did.
  assert.equal(await script({ persistence: 'aof-everysec' }, steps, crashAt(100, 110)), ['OK', 'OK', 'b']);
  assert.equal(await script({ persistence: 'aof-everysec' }, steps, crashAt(1200, 1210)), ['OK', null, 'a']);
});

test('server: the AOF replays absolute expiry times', async () => {
  const steps = [{ atMs: 0, command: lock('a', 1000) }, { atMs: 500, command: { cmd: 'get', key: 'lock' } as RedisCommand }, { atMs: 1100, command: { cmd: 'get', key: 'lock' } as RedisCommand }];
  assert.equal(await script({ persistence: 'aof-always' }, steps, crashAt(100, 400)), ['OK', 'a', null]);
});

test('server: a delayed restart refuses commands until its delay is over (first boot is not delayed)', async () => {
  const config: RedisConfig = { persistence: 'none', delayedRestartMs: 1000 };
  const steps = [
    { atMs: 0, command: lock('a', 1000) },
    { atMs: 500, command: lock('b', 1000) },
    { atMs: 1150, command: lock('b', 1000) },
  ];
  assert.equal(await script(config, steps, crashAt(100, 110)), ['OK', 'LOADING', 'OK']);
});

test.run();
