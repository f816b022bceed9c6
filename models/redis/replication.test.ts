import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cut } from '../../harness/faults/partitions.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { redis, type DataCommand, type RedisCommand, type RedisReply } from './commands.js';
import { Keyspace } from './keyspace.js';
import { replicatedRedisNode, type ReplicatedRedisConfig, type ReplicatedRedisServer } from './replication.js';
import type { ReplicationInfo } from './replication-messages.js';

interface Step {
  atMs: number;
  node: NodeId;
  command: RedisCommand;
}

/** r1 starts as the master, the other nodes as its replicas (unless `config.replicaOf` says otherwise). */
function cluster(nodes: NodeId[], config: Partial<ReplicatedRedisConfig> = {}) {
  const results: { atMs: number; doneMs: number; result: unknown }[] = [];
  let steps: Step[] = [];
  const workload = async (ctx: ClientContext) => {
    for (const step of steps) {
      const wait = step.atMs - ctx.trueNow();
      if (wait > 0) await ctx.sleep(wait);
      const r = await ctx.call<RedisReply>(step.node, redis(step.command), { timeoutMs: 5000 });
      const result = r.status === 'timeout' ? 'timeout' : r.body.type === 'redis-ok' ? r.body.result : r.body.error;
      results.push({ atMs: step.atMs, doneMs: Math.round(ctx.trueNow()), result });
    }
  };
  const factory = replicatedRedisNode({ persistence: 'none', replicaOf: (id) => (id === 'r1' ? null : 'r1'), ...config });
  const sim = new Simulation({
    seed: 1, servers: nodes.map((id) => ({ id, factory })), clients: [{ id: 'c', workload }], link: { latencyMs: 1, jitterMs: 0 },
  });
  const node = (id: NodeId) => sim.nodeState<ReplicatedRedisServer>(id) as ReplicatedRedisServer;
  return {
    sim,
    node,
    /** The client's steps; run them (and the cluster) until `untilMs`. Returns each step's result. */
    async run(s: Step[], untilMs: number) {
      steps = s;
      await sim.run(untilMs);
      return results.map((r) => r.result);
    },
    results,
    /** Cuts `a` off from `b` (both ways) from `fromMs` to `toMs`. */
    partition(a: NodeId[], b: NodeId[], fromMs: number, toMs: number) {
      sim.at(fromMs, 'partition', () => sim.faultTarget.setGrudge(cut(a, b)));
      sim.at(toMs, 'heal', () => sim.faultTarget.heal());
    },
    data: (id: NodeId) => Object.fromEntries([...node(id).keyspace.snapshot()].map(([k, e]) => [k, e.value])),
    cover: (goal: string) => sim.coverage.get(goal) ?? 0,
  };
}

const set = (key: string, value: string): DataCommand => ({ cmd: 'set', key, value });
const get = (key: string): DataCommand => ({ cmd: 'get', key });

test('keyspace: KEYS prefix skips expired keys without deleting them; load replaces everything', () => {
  const k = new Keyspace();
  k.apply({ op: 'set', key: 'b:1', value: 'x', expiresAtMs: null });
  k.apply({ op: 'set', key: 'a:2', value: 'y', expiresAtMs: null });
  k.apply({ op: 'set', key: 'a:1', value: 'z', expiresAtMs: 100 });
  assert.is(k.execute({ cmd: 'keys', prefix: 'a:' }, 50).result, 'a:1 a:2');
  assert.is(k.execute({ cmd: 'keys', prefix: 'a:' }, 100).result, 'a:2');
  assert.is(k.execute({ cmd: 'keys', prefix: 'c' }, 100).result, '');
  assert.is(k.size, 3);
  assert.is(k.execute(get('a:1'), 100, false).result, null); // a replica's read: missing, but kept
  assert.is(k.size, 3);
  k.load([['n', { value: '1', expiresAtMs: null }]]);
  assert.equal([...k.snapshot().keys()], ['n']);
});

test('replication: a new replica gets a full sync that replaces its own dataset, then the stream', async () => {
  const c = cluster(['r1', 'r2'], { replicaOf: () => null });
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('a', '1') },
    { atMs: 20, node: 'r2', command: set('mine', 'x') },
    { atMs: 500, node: 'r2', command: { cmd: 'replicaof', master: 'r1' } },
    { atMs: 600, node: 'r2', command: get('a') },
    { atMs: 700, node: 'r1', command: set('b', '2') },
    { atMs: 710, node: 'r2', command: get('b') },
  ], 2000);
  assert.equal(results, ['OK', 'OK', 'OK', '1', 'OK', '2']);
  assert.equal(c.data('r2'), { a: '1', b: '2' });
  assert.is(c.cover('redis-full-resync'), 1);
  assert.is(c.cover('redis-demoted'), 1);
});

test('replication: a replica refuses writes with READONLY and serves reads', async () => {
  const c = cluster(['r1', 'r2']);
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('k:1', 'v') },
    { atMs: 100, node: 'r2', command: set('k:2', 'w') },
    { atMs: 110, node: 'r2', command: { cmd: 'incr', key: 'n' } },
    { atMs: 120, node: 'r2', command: { cmd: 'cad', key: 'k:1', value: 'v' } },
    { atMs: 130, node: 'r2', command: get('k:1') },
    { atMs: 140, node: 'r2', command: { cmd: 'keys', prefix: 'k:' } },
    { atMs: 150, node: 'r2', command: { cmd: 'ping' } },
  ], 1000);
  assert.equal(results, ['OK', 'READONLY', 'READONLY', 'READONLY', 'v', 'k:1', 'PONG']);
});

test('replication: a replica does not expire keys itself: it hides them and waits for the master', async () => {
  const c = cluster(['r1', 'r2']);
  c.sim.at(100, 'jump r2', () => c.sim.faultTarget.jumpClock('r2', 5000));
  const results = await c.run([
    { atMs: 10, node: 'r1', command: { cmd: 'set', key: 'k', value: 'v', px: 2000 } },
    { atMs: 200, node: 'r2', command: get('k') },
    { atMs: 300, node: 'r1', command: { cmd: 'pexpire', key: 'k', px: 60_000 } },
    { atMs: 400, node: 'r2', command: get('k') },
  ], 1000);
  // r2's clock says the key is expired at 200 ms; it stays, so the master's PEXPIRE brings it back.
  assert.equal(results, ['OK', null, 1, 'v']);
});

test('replication: INFO replication reports roles, ids, offsets and the link', async () => {
  const c = cluster(['r1', 'r2']);
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('a', '1') },
    { atMs: 1500, node: 'r1', command: { cmd: 'info-replication' } },
    { atMs: 1500, node: 'r2', command: { cmd: 'info-replication' } },
  ], 2000);
  const [master, replica] = results.slice(1).map((r) => JSON.parse(r as string) as ReplicationInfo);
  assert.is(master?.role, 'master');
  assert.is(master?.offset, 1);
  assert.equal(master?.replicas.map((r) => [r.id, r.offset]), [['r2', 1]]);
  assert.is(replica?.role, 'replica');
  assert.is(replica?.masterId, 'r1');
  assert.is(replica?.masterLinkUp, true);
  assert.is(replica?.replid, master?.replid);
  assert.is(replica?.offset, 1);
  assert.is(replica?.priority, 100);
});

test('replication: a short partition ends in a partial resync of what the replica missed', async () => {
  const c = cluster(['r1', 'r2']);
  c.partition(['r1'], ['r2'], 500, 3000);
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('a', '1') },
    { atMs: 1000, node: 'r1', command: set('b', '2') },
    { atMs: 1100, node: 'r2', command: get('b') },
    { atMs: 5000, node: 'r2', command: get('b') },
  ], 6000);
  assert.equal(results, ['OK', 'OK', null, '2']);
  assert.is(c.cover('redis-full-resync'), 1); // the first sync only
  assert.is(c.cover('redis-partial-resync'), 1);
});

test('replication: a master demoted after taking writes alone is fully resynced and loses them', async () => {
  const c = cluster(['r1', 'r2']);
  c.partition(['r1'], ['r2'], 500, 3000);
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('a', '1') },
    { atMs: 1000, node: 'r1', command: set('lost', 'x') },
    { atMs: 1000, node: 'r2', command: { cmd: 'replicaof', master: null } },
    { atMs: 1100, node: 'r2', command: set('kept', 'y') },
    { atMs: 3500, node: 'r1', command: { cmd: 'replicaof', master: 'r2' } },
    { atMs: 4000, node: 'r1', command: get('lost') },
  ], 5000);
  assert.equal(results, ['OK', 'OK', 'OK', 'OK', 'OK', null]);
  assert.equal(c.data('r1'), { a: '1', kept: 'y' });
  assert.is(c.cover('redis-promoted'), 1);
  assert.is(c.cover('redis-demoted'), 1);
  assert.is(c.cover('redis-full-resync'), 2);
  assert.is(c.cover('redis-partial-resync'), 0);
});

test('replication: PSYNC2: a replica of the old master continues with the promoted one', async () => {
  const c = cluster(['r1', 'r2', 'r3']);
  c.sim.at(1000, 'crash r1', () => c.sim.faultTarget.crash('r1'));
  let oldReplid = '';
  c.sim.at(900, 'note replid', () => (oldReplid = c.node('r1').replid));
  const results = await c.run([
    { atMs: 10, node: 'r1', command: set('a', '1') },
    { atMs: 20, node: 'r1', command: set('b', '2') },
    { atMs: 1500, node: 'r2', command: { cmd: 'replicaof', master: null } },
    { atMs: 1600, node: 'r3', command: { cmd: 'replicaof', master: 'r2' } },
    { atMs: 1700, node: 'r2', command: set('c', '3') },
    { atMs: 1800, node: 'r3', command: get('c') },
  ], 3000);
  assert.equal(results, ['OK', 'OK', 'OK', 'OK', 'OK', '3']);
  assert.is(c.cover('redis-full-resync'), 2); // r2 and r3 at boot
  assert.is(c.cover('redis-partial-resync'), 1);
  assert.equal(c.data('r3'), { a: '1', b: '2', c: '3' });
  assert.is(c.node('r2').replid2, oldReplid);
  assert.is(c.node('r2').secondReplidOffset, 3);
  assert.is(c.node('r3').replid, c.node('r2').replid);
});

test('replication: WAIT answers once replicas ack (GETACK, not the 1 s ack), and times out with the count it has', async () => {
  const c = cluster(['r1', 'r2', 'r3']);
  c.partition(['r1'], ['r3'], 2000, 10_000);
  const results = await c.run([
    { atMs: 1200, node: 'r1', command: set('a', '1') },
    { atMs: 1200, node: 'r1', command: { cmd: 'wait', numreplicas: 2, timeoutMs: 1000 } },
    { atMs: 2500, node: 'r1', command: set('b', '2') },
    { atMs: 2500, node: 'r1', command: { cmd: 'wait', numreplicas: 2, timeoutMs: 300 } },
    { atMs: 3000, node: 'r2', command: { cmd: 'wait', numreplicas: 1, timeoutMs: 300 } },
  ], 4000);
  assert.equal(results, ['OK', 2, 'OK', 1, 0]);
  const [, acked, , timedOut] = c.results;
  assert.ok((acked?.doneMs ?? 0) - 1200 < 10, `WAIT took ${(acked?.doneMs ?? 0) - 1200} ms`);
  assert.ok((timedOut?.doneMs ?? 0) - 2500 >= 300, 'WAIT answered before its timeout');
  assert.is(c.cover('redis-wait-timeout'), 1);
});

test('replication: min-replicas-to-write refuses writes with NOREPLICAS while the replica is cut off', async () => {
  const c = cluster(['r1', 'r2'], { minReplicasToWrite: 1, minReplicasMaxLagMs: 2000 });
  c.partition(['r1'], ['r2'], 2500, 6000);
  const results = await c.run([
    { atMs: 1500, node: 'r1', command: set('a', '1') },
    { atMs: 3500, node: 'r1', command: set('b', '2') },
    { atMs: 5000, node: 'r1', command: set('b', '2') },
    { atMs: 5000, node: 'r1', command: get('a') },
    { atMs: 8000, node: 'r1', command: set('c', '3') },
  ], 9000);
  // Acks leave r2 each second: the last one before the cut (2000 ms) is within 2 s at 3500 ms, not at 5000 ms.
  assert.equal(results, ['OK', 'OK', 'NOREPLICAS', '1', 'OK']);
  assert.ok(c.cover('redis-noreplicas') >= 1);
});

test('replication: repl-timeout drops the link both ways; the replica resyncs after the heal', async () => {
  const c = cluster(['r1', 'r2'], { replTimeoutMs: 3000 });
  c.partition(['r1'], ['r2'], 500, 8000);
  let during: ReplicationInfo['replicas'] | null = null;
  c.sim.at(6000, 'info', () => (during = c.node('r1').replicas.info(0)));
  const results = await c.run([
    { atMs: 6000, node: 'r2', command: { cmd: 'info-replication' } },
    { atMs: 7000, node: 'r1', command: set('a', '1') },
    { atMs: 14_000, node: 'r2', command: get('a') },
  ], 15_000);
  const info = JSON.parse(results[0] as string) as ReplicationInfo;
  assert.is(info.masterLinkUp, false);
  assert.ok(info.masterLinkDownMs > 1000, `down for ${info.masterLinkDownMs} ms`);
  assert.equal(during, []);
  assert.is(results[2], '1');
});

test('replication: a restarted replica continues with its AOF, and needs a full sync without one', async () => {
  for (const [persistence, full, partial] of [['aof-always', 1, 1], ['none', 2, 0]] as const) {
    const c = cluster(['r1', 'r2'], { persistence });
    c.sim.at(1000, 'crash r2', () => c.sim.faultTarget.crash('r2'));
    c.sim.at(1500, 'restart r2', () => c.sim.faultTarget.restart('r2'));
    const results = await c.run([
      { atMs: 10, node: 'r1', command: set('a', '1') },
      { atMs: 1200, node: 'r1', command: set('b', '2') },
      { atMs: 2500, node: 'r2', command: get('b') },
    ], 3000);
    assert.equal(results, ['OK', 'OK', '2'], persistence);
    assert.is(c.cover('redis-full-resync'), full, persistence);
    assert.is(c.cover('redis-partial-resync'), partial, persistence);
  }
});

test.run();
