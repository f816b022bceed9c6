import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, ClientWorkload, Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../harness/sim/types.js';
import type { ReplicationInfo, ServerCommand } from '../redis/index.js';
import type { SentinelConfig } from './config.js';
import { rankReplicas } from './failover.js';
import { sentinelEvents, type MasterAddr, type MasterDownReply } from './messages.js';
import { sentinelNode, type Sentinel } from './sentinel.js';

const REDIS = ['r1', 'r2', 'r3'];
const SENTINELS = ['s1', 's2', 's3'];

/**
 * A stand-in Redis node that speaks the commands Sentinel sends (ping, info-replication, replicaof). A
 * master's offset grows by 10 every 100 ms; a replica polls its master every 100 ms for the offset and
 * calls its link up while it heard back within 500 ms. A restart boots with its first-boot role.
 */
class FakeRedis implements NodeBehavior {
  role: 'master' | 'replica' = 'master';
  masterId: NodeId | null = null;
  offset = 0;
  heardMs = Number.NEGATIVE_INFINITY;
  linkDownSinceMs = 0;

  constructor(
    readonly firstMaster: NodeId | null,
    readonly priority: number,
  ) {}

  init(ctx: NodeContext): void {
    this.#follow(ctx, this.firstMaster);
    ctx.setTimer(100, 'tick');
  }

  onTimer(ctx: NodeContext): void {
    if (this.role === 'master') this.offset += 10;
    else ctx.send(this.masterId as NodeId, { type: 'fake-sync' });
    ctx.setTimer(100, 'tick');
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const body = msg.body as { type: string; command?: ServerCommand; offset?: number };
    if (body.type === 'redis') {
      const c = body.command as ServerCommand;
      if (c.cmd === 'replicaof') this.#follow(ctx, c.master);
      const result = c.cmd === 'ping' ? 'PONG' : c.cmd === 'replicaof' ? 'OK' : JSON.stringify(this.info(ctx.monotonicNow()));
      ctx.reply(msg, { type: 'redis-ok', result });
    } else if (body.type === 'fake-sync' && this.role === 'master') {
      ctx.reply(msg, { type: 'fake-data', offset: this.offset });
    } else if (body.type === 'fake-data' && this.role === 'replica' && msg.from === this.masterId) {
      this.offset = body.offset as number;
      this.heardMs = ctx.monotonicNow();
    }
  }

  info(now: number): ReplicationInfo {
    const up = this.role === 'replica' && now - this.heardMs < 500;
    return {
      role: this.role, masterId: this.masterId, masterLinkUp: up,
      masterLinkDownMs: this.role === 'master' || up ? 0 : now - Math.max(this.heardMs, this.linkDownSinceMs),
      replid: 'fake', replid2: '', secondReplidOffset: -1, offset: this.offset, replicas: [], priority: this.priority,
    };
  }

  #follow(ctx: NodeContext, master: NodeId | null): void {
    this.role = master === null ? 'master' : 'replica';
    if (master !== this.masterId) this.heardMs = Number.NEGATIVE_INFINITY;
    this.masterId = master;
    this.linkDownSinceMs = ctx.monotonicNow();
  }
}

const fakeRedis = (priority: (id: NodeId) => number = () => 100): NodeFactory => (id) => new FakeRedis(id === 'r1' ? null : 'r1', priority(id));

interface Options {
  seed?: number;
  quorum?: number;
  latencyMs?: number;
  redis?: NodeFactory;
  untilMs: number;
  setup?: (sim: Simulation) => void;
  clients?: { id: NodeId; workload: ClientWorkload }[];
}

function config(quorum: number): SentinelConfig {
  return { masterName: 'mymaster', initialMaster: 'r1', redisNodes: REDIS, sentinels: SENTINELS, quorum, downAfterMs: 2000, failoverTimeoutMs: 6000 };
}

async function run(o: Options): Promise<Simulation> {
  const sentinel = sentinelNode(config(o.quorum ?? 2));
  const redis = o.redis ?? fakeRedis();
  const sim = new Simulation({
    seed: o.seed ?? 1,
    servers: [...REDIS.map((id) => ({ id, factory: redis })), ...SENTINELS.map((id) => ({ id, factory: sentinel }))],
    clients: o.clients ?? [],
    link: { latencyMs: o.latencyMs ?? 1, jitterMs: 1 },
  });
  o.setup?.(sim);
  await sim.run(o.untilMs);
  return sim;
}

const sentinelOf = (sim: Simulation, id: NodeId) => sim.nodeState<Sentinel>(id) as Sentinel;
const fakeOf = (sim: Simulation, id: NodeId) => sim.nodeState<FakeRedis>(id) as FakeRedis;
const eventsOf = (sim: Simulation, event: string) => sentinelEvents(sim.logs).filter((e) => e.event === event);
const crash = (sim: Simulation, id: NodeId, atMs: number) => sim.at(atMs, `crash ${id}`, () => sim.faultTarget.crash(id));
const restart = (sim: Simulation, id: NodeId, atMs: number) => sim.at(atMs, `restart ${id}`, () => sim.faultTarget.restart(id));

/** A client asking every Sentinel get-master-addr-by-name at `atMs`. */
function askMasters(atMs: number, answers: Map<NodeId, NodeId | null>): { id: NodeId; workload: ClientWorkload } {
  return {
    id: 'c1',
    workload: async (ctx: ClientContext) => {
      await ctx.sleep(atMs);
      for (const s of SENTINELS) {
        const r = await ctx.call<MasterAddr>(s, { type: 'get-master-addr-by-name', name: 'mymaster' }, { timeoutMs: 100 });
        answers.set(s, r.status === 'ok' ? r.body.master : null);
      }
    },
  };
}

/** Every Sentinel names `master` with one config epoch; returns that epoch. */
function assertAgree(sim: Simulation, master: NodeId): number {
  const epochs = SENTINELS.map((id) => sentinelOf(sim, id).snapshot());
  for (const s of epochs) assert.is(s.master, master, `${s.id} monitors ${s.master}, not ${master}`);
  const configEpoch = epochs[0]?.configEpoch ?? 0;
  for (const s of epochs) assert.is(s.configEpoch, configEpoch, `${s.id} config epoch`);
  return configEpoch;
}

test('replica ranking: lower priority, then larger offset, then smaller id', () => {
  const ranked = rankReplicas([
    { id: 'r4', priority: 100, offset: 50 },
    { id: 'r3', priority: 100, offset: 70 },
    { id: 'r2', priority: 100, offset: 70 },
    { id: 'r1', priority: 10, offset: 0 },
  ]);
  assert.equal(ranked.map((r) => r.id), ['r1', 'r2', 'r3', 'r4']);
});

test('votes: first come first served per epoch, a newer epoch votes again; the vote epoch survives a restart', async () => {
  const votes: (MasterDownReply | null)[] = [];
  const ask = (epoch: number, runid: string) => ({ type: 'is-master-down', master: 'r1', epoch, runid });
  const workload = async (ctx: ClientContext) => {
    await ctx.sleep(500);
    for (const [epoch, runid] of [[5, 's2'], [5, 's3'], [4, 's3'], [6, 's3'], [6, 's2']] as const) {
      if (runid === 's2' && epoch === 6) await ctx.sleep(1000); // s1 restarted meanwhile
      const r = await ctx.call<MasterDownReply>('s1', ask(epoch, runid), { timeoutMs: 100 });
      votes.push(r.status === 'ok' ? r.body : null);
    }
  };
  const sim = await run({ untilMs: 2000, clients: [{ id: 'c1', workload }], setup: (s) => restart(s, 's1', 1000) });
  // After the restart s1 remembers it voted in epoch 6 (not for whom, as sentinel.conf): no second vote.
  assert.equal(votes.map((v) => v && [v.down, v.leader, v.leaderEpoch]), [[false, 's2', 5], [false, 's2', 5], [false, 's2', 5], [false, 's3', 6], [false, null, 6]]);
  assert.is(sentinelOf(sim, 's1').currentEpoch, 6);
});

test('fake Redis: the master crashes, a replica is promoted, the other follows it, every Sentinel agrees', async () => {
  const answers = new Map<NodeId, NodeId | null>();
  const sim = await run({ untilMs: 30_000, setup: (s) => crash(s, 'r1', 5000), clients: [askMasters(29_000, answers)] });
  const masters = ['r2', 'r3'].filter((id) => fakeOf(sim, id).role === 'master');
  assert.is(masters.length, 1, `masters among the replicas: ${masters.join(',')}`);
  const promoted = masters[0] as NodeId;
  const other = promoted === 'r2' ? 'r3' : 'r2';
  assert.is(fakeOf(sim, other).masterId, promoted);
  assert.ok(assertAgree(sim, promoted) >= 1);
  assert.equal([...answers.values()], [promoted, promoted, promoted]);
  assert.is(eventsOf(sim, 'leader').length, 1);
  for (const goal of ['sentinel-sdown', 'sentinel-odown', 'sentinel-leader', 'sentinel-failover-end']) assert.ok(sim.coverage.get(goal), goal);
});

test('fake Redis: a Sentinel that missed the failover adopts the newer config epoch; its stale hello changes nothing', async () => {
  const sim = await run({
    untilMs: 30_000,
    setup: (s) => {
      s.at(4000, 'isolate s3', () => s.faultTarget.setGrudge({ s3: [...REDIS, 's1', 's2'], ...Object.fromEntries([...REDIS, 's1', 's2'].map((id) => [id, ['s3']])) }));
      crash(s, 'r1', 5000);
      // First only one way: the others hear s3's stale hellos (config epoch 0, master r1) for 5 s.
      s.at(20_000, 's3 deaf', () => s.faultTarget.setGrudge({ s3: [...REDIS, 's1', 's2'] }));
      s.at(25_000, 'heal', () => s.faultTarget.heal());
    },
  });
  const promoted = sentinelOf(sim, 's1').master;
  assert.ok(promoted !== 'r1');
  assert.is(assertAgree(sim, promoted), 1);
  const switches = eventsOf(sim, 'switch-master');
  assert.ok(switches.every((e) => e.to === promoted), 'nobody switched back');
  const s3 = switches.filter((e) => e.node === 's3');
  assert.is(s3.length, 1);
  assert.ok((s3[0]?.timeUs ?? 0) >= 25_000_000, 's3 switched after the heal');
});

test('fake Redis: one Sentinel cut off from the master is not a quorum; with quorum 1 it fails over a healthy master', async () => {
  const cutOff = (sim: Simulation) => sim.at(2000, 'cut s1 from r1', () => sim.faultTarget.setGrudge({ s1: ['r1'], r1: ['s1'] }));
  const sim = await run({ untilMs: 30_000, setup: cutOff });
  assert.ok(eventsOf(sim, 'sdown').some((e) => e.node === 's1' && e.instance === 'r1'), 's1 sees r1 down');
  assert.equal(eventsOf(sim, 'odown'), []);
  assert.equal(eventsOf(sim, 'try-failover'), []);
  assert.is(fakeOf(sim, 'r1').role, 'master');
  assertAgree(sim, 'r1');
  // The same cut with quorum 1: s1 alone reaches ODOWN, and the others vote for it although they see r1 up.
  const unsafe = await run({ untilMs: 30_000, quorum: 1, setup: cutOff });
  assert.ok(eventsOf(unsafe, 'leader').some((e) => e.node === 's1'), 's1 elected');
  assert.is.not(sentinelOf(unsafe, 's2').master, 'r1');
});

test('fake Redis: a Sentinel alone in a partition reaches ODOWN with quorum 1 but is never elected without a majority', async () => {
  const isolate = (sim: Simulation) => sim.at(2000, 'isolate s1', () => sim.faultTarget.setGrudge({ s1: ['r1', 's2', 's3'], r1: ['s1'], s2: ['s1'], s3: ['s1'] }));
  const sim = await run({ untilMs: 30_000, quorum: 1, setup: isolate });
  assert.ok(eventsOf(sim, 'try-failover').some((e) => e.node === 's1'), 's1 tried');
  assert.equal(eventsOf(sim, 'leader'), []);
  assert.ok(eventsOf(sim, 'abort').some((e) => e.node === 's1' && e.reason === 'not-elected'));
  assert.is(fakeOf(sim, 'r1').role, 'master');
  assertAgree(sim, 'r1');
});

test('fake Redis: the old master comes back as a master and is demoted to a replica of the new one', async () => {
  const sim = await run({ untilMs: 45_000, setup: (s) => { crash(s, 'r1', 5000); restart(s, 'r1', 20_000); } });
  const promoted = sentinelOf(sim, 's1').master;
  assert.ok(promoted !== 'r1');
  assertAgree(sim, promoted);
  const r1 = fakeOf(sim, 'r1');
  assert.is(r1.role, 'replica');
  assert.is(r1.masterId, promoted);
  assert.ok(eventsOf(sim, 'convert-to-slave').some((e) => e.instance === 'r1'));
  assert.ok(sim.coverage.get('sentinel-reconfigured-old-master'));
});

test('fake Redis: Sentinels racing for the same epoch elect at most one leader per epoch, and the failover completes', async () => {
  let raced = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const sim = await run({ seed, latencyMs: 40, untilMs: 40_000, setup: (s) => crash(s, 'r1', 5000) });
    const leaders = new Map<number, NodeId[]>();
    for (const e of eventsOf(sim, 'leader')) leaders.set(e.epoch as number, [...(leaders.get(e.epoch as number) ?? []), e.node]);
    for (const [epoch, ids] of leaders) assert.is(ids.length, 1, `seed ${seed}: epoch ${epoch} has leaders ${ids.join(',')}`);
    const candidates = new Map<number, Set<NodeId>>();
    for (const e of eventsOf(sim, 'try-failover')) candidates.set(e.epoch as number, (candidates.get(e.epoch as number) ?? new Set()).add(e.node));
    if ([...candidates.values()].some((c) => c.size > 1)) raced++;
    assertAgree(sim, sentinelOf(sim, 's1').master);
    assert.is.not(sentinelOf(sim, 's1').master, 'r1', `seed ${seed}: no failover`);
  }
  assert.ok(raced > 0, 'no seed had two Sentinels competing in one epoch');
});

test.run();
