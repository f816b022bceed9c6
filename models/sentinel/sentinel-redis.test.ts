import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { redis, replicatedRedisNode, type RedisCommand, type RedisReply, type ReplicatedRedisServer } from '../redis/index.js';
import { sentinelEvents, type MasterAddr } from './messages.js';
import { sentinelNode, type Sentinel } from './sentinel.js';

const REDIS = ['r1', 'r2', 'r3'];
const SENTINELS = ['s1', 's2', 's3'];

test('real Redis: the master crashes, the promoted replica serves writes, the old master returns as its replica', async () => {
  const seen: Record<string, unknown> = {};
  const workload = async (ctx: ClientContext) => {
    const call = async (to: NodeId, command: RedisCommand) => {
      const r = await ctx.call<RedisReply>(to, redis(command), { timeoutMs: 200 });
      return r.status === 'timeout' ? 'timeout' : r.body.type === 'redis-ok' ? r.body.result : r.body.error;
    };
    const masterAddr = async (sentinel: NodeId) => {
      const r = await ctx.call<MasterAddr>(sentinel, { type: 'get-master-addr-by-name', name: 'mymaster' }, { timeoutMs: 200 });
      return r.status === 'ok' ? r.body.master : null;
    };
    await ctx.sleep(1000);
    seen.setA = await call('r1', { cmd: 'set', key: 'a', value: '1' });
    await ctx.sleep(19_000); // r1 crashed at 5 s
    const m = await masterAddr('s1');
    seen.master = m;
    seen.setB = await call(m as NodeId, { cmd: 'set', key: 'b', value: '2' });
    seen.getA = await call(m as NodeId, { cmd: 'get', key: 'a' });
    await ctx.sleep(25_000); // r1 restarted at 22 s
    seen.masters = [await masterAddr('s1'), await masterAddr('s2'), await masterAddr('s3')];
    seen.r1GetB = await call('r1', { cmd: 'get', key: 'b' });
    seen.r1SetC = await call('r1', { cmd: 'set', key: 'c', value: '3' });
  };
  const sim = new Simulation({
    seed: 1,
    servers: [
      ...REDIS.map((id) => ({ id, factory: replicatedRedisNode({ persistence: 'none', replicaOf: (n) => (n === 'r1' ? null : 'r1'), replTimeoutMs: 3000 }) })),
      ...SENTINELS.map((id) => ({
        id,
        factory: sentinelNode({ masterName: 'mymaster', initialMaster: 'r1', redisNodes: REDIS, sentinels: SENTINELS, quorum: 2, downAfterMs: 2000, failoverTimeoutMs: 6000 }),
      })),
    ],
    clients: [{ id: 'c1', workload }],
    link: { latencyMs: 1, jitterMs: 1 },
  });
  sim.at(5000, 'crash r1', () => sim.faultTarget.crash('r1'));
  sim.at(22_000, 'restart r1', () => sim.faultTarget.restart('r1'));
  await sim.run(50_000);

  const promoted = seen.master as NodeId;
  assert.ok(promoted === 'r2' || promoted === 'r3', `promoted ${promoted}`);
  assert.equal(seen, { setA: 'OK', master: promoted, setB: 'OK', getA: '1', masters: [promoted, promoted, promoted], r1GetB: '2', r1SetC: 'READONLY' });
  for (const id of SENTINELS) assert.is(sim.nodeState<Sentinel>(id)?.master, promoted);
  for (const id of REDIS.filter((r) => r !== promoted)) {
    const r = sim.nodeState<ReplicatedRedisServer>(id) as ReplicatedRedisServer;
    assert.equal([r.role, r.masterId], ['replica', promoted], id);
  }
  assert.ok(sentinelEvents(sim.logs).some((e) => e.event === 'convert-to-slave' && e.instance === 'r1'));
  for (const goal of ['sentinel-failover-end', 'sentinel-reconfigured-old-master', 'redis-promoted', 'redis-demoted']) assert.ok(sim.coverage.get(goal), goal);
});

test('a healthy system: no instance is ever SDOWN when down-after equals the ping period', async () => {
  // Sentinel pings at once on a new link and then every min(down-after, 1 s); SDOWN needs a ping left
  // unanswered for down-after, so a healthy instance never goes down, even right after start-up.
  const sim = new Simulation({
    seed: 3,
    servers: [
      ...REDIS.map((id) => ({ id, factory: replicatedRedisNode({ persistence: 'none', replicaOf: (n) => (n === 'r1' ? null : 'r1') }) })),
      ...SENTINELS.map((id) => ({
        id,
        factory: sentinelNode({ masterName: 'mymaster', initialMaster: 'r1', redisNodes: REDIS, sentinels: SENTINELS, quorum: 2, downAfterMs: 1000, failoverTimeoutMs: 3000 }),
      })),
    ],
    link: { latencyMs: 1, jitterMs: 1 },
  });
  await sim.run(20_000);
  assert.equal(sentinelEvents(sim.logs).filter((e) => e.event === 'sdown'), []);
});

test.run();
