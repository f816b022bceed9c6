/**
 * A Sentinel test bench: three Sentinels over stand-in Redis nodes (FakeRedis) that speak just what
 * Sentinel sends, with helpers to crash, restart and inspect them. Shared by the Sentinel model tests.
 */
import * as assert from 'uvu/assert';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, ClientWorkload, Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../harness/sim/types.js';
import type { ReplicationInfo, ServerCommand } from '../redis/index.js';
import type { SentinelConfig } from './config.js';
import { sentinelEvents, type MasterAddr } from './messages.js';
import { sentinelNode, type Sentinel } from './sentinel.js';

export const REDIS = ['r1', 'r2', 'r3'];
export const SENTINELS = ['s1', 's2', 's3'];

/**
 * A stand-in Redis node that speaks the commands Sentinel sends (ping, info-replication, replicaof). A
 * master's offset grows by 10 every 100 ms; a replica polls its master every 100 ms for the offset and
 * calls its link up while it heard back within 500 ms. A restart boots with its first-boot role.
 */
export class FakeRedis implements NodeBehavior {
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

export const fakeRedis = (priority: (id: NodeId) => number = () => 100): NodeFactory => (id) => new FakeRedis(id === 'r1' ? null : 'r1', priority(id));

export interface Options {
  seed?: number;
  quorum?: number;
  latencyMs?: number;
  redis?: NodeFactory;
  untilMs: number;
  setup?: (sim: Simulation) => void;
  clients?: { id: NodeId; workload: ClientWorkload }[];
}

export function config(quorum: number): SentinelConfig {
  return { masterName: 'mymaster', initialMaster: 'r1', redisNodes: REDIS, sentinels: SENTINELS, quorum, downAfterMs: 2000, failoverTimeoutMs: 6000 };
}

export async function run(o: Options): Promise<Simulation> {
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

export const sentinelOf = (sim: Simulation, id: NodeId) => sim.nodeState<Sentinel>(id) as Sentinel;
export const fakeOf = (sim: Simulation, id: NodeId) => sim.nodeState<FakeRedis>(id) as FakeRedis;
export const eventsOf = (sim: Simulation, event: string) => sentinelEvents(sim.logs).filter((e) => e.event === event);
export const crash = (sim: Simulation, id: NodeId, atMs: number) => sim.at(atMs, `crash ${id}`, () => sim.faultTarget.crash(id));
export const restart = (sim: Simulation, id: NodeId, atMs: number) => sim.at(atMs, `restart ${id}`, () => sim.faultTarget.restart(id));

/** A client asking every Sentinel get-master-addr-by-name at `atMs`. */
export function askMasters(atMs: number, answers: Map<NodeId, NodeId | null>): { id: NodeId; workload: ClientWorkload } {
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
export function assertAgree(sim: Simulation, master: NodeId): number {
  const epochs = SENTINELS.map((id) => sentinelOf(sim, id).snapshot());
  for (const s of epochs) assert.is(s.master, master, `${s.id} monitors ${s.master}, not ${master}`);
  const configEpoch = epochs[0]?.configEpoch ?? 0;
  for (const s of epochs) assert.is(s.configEpoch, configEpoch, `${s.id} config epoch`);
  return configEpoch;
}

/** Runs `action` once, at the first whole millisecond from `fromMs` at which `holds()` is true (so within 1 ms of it). */
export function when(sim: Simulation, fromMs: number, holds: () => boolean, action: () => void): void {
  const poll = (ms: number) => sim.at(ms, 'poll', () => (holds() ? action() : poll(ms + 1)));
  poll(fromMs);
}

export interface ConfView { master: NodeId; currentEpoch: number; configEpoch: number; leaderEpoch: number; replicas: NodeId[]; sentinels: NodeId[] }

/** What a Sentinel holds of sentinel.conf: read right after a restart, it is what the last flush wrote. */
export function confView(s: Sentinel): ConfView {
  return {
    master: s.master, currentEpoch: s.currentEpoch, configEpoch: s.configEpoch, leaderEpoch: s.leaderEpoch,
    replicas: s.replicas.map((r) => r.id).sort(), sentinels: [...s.sentinels.keys()].sort(),
  };
}
