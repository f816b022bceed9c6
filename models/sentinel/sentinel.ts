/**
 * A Redis Sentinel monitoring one master, read from sentinel.c. Every 50-100 ms (sentinelTimer) it
 * pings and INFOs the instances (monitor.ts), judges SDOWN, asks the other Sentinels and judges ODOWN,
 * runs the leader election (election.ts) and the failover (failover.ts), publishes its configuration
 * (hello.ts), and brings instances that disagree with it back in line (enforce.ts).
 *
 * Durable state, as sentinel.conf keeps it (rewritten and fsynced where sentinel.c calls
 * sentinelFlushConfig): the current epoch, the current master address (the promoted replica once its
 * promotion is seen), its config epoch, the epoch of the last vote, the known replicas and Sentinels.
 * Everything else is rebuilt after a restart: no failover in progress, no vote holder, fresh links.
 *
 * Shortcuts: there are no connections, so "disconnected" means a ping pending for down-after / 2 (when
 * Sentinel closes a silent link); replicas and Sentinels are given, not discovered.
 */
import type { Envelope, NodeBehavior, NodeContext, NodeId, TimerHandle } from '../../harness/index.js';
import { redis, type RedisReply, type ServerCommand } from '../redis/index.js';
import { MAX_DESYNC_MS, TICK_MAX_MS, TICK_MIN_MS, TILT_PERIOD_MS, TILT_TRIGGER_MS, validateConfig, type SentinelConfig } from './config.js';
import { askMasterStateToOthers, checkObjectivelyDown, onIsMasterDown, onMasterDownReply } from './election.js';
import { currentMasterAddress, failoverStateMachine, startFailoverIfNeeded, switchToPromoted, type Failover } from './failover.js';
import { onHello, sendHelloIfDue } from './hello.js';
import { SENTINEL_LOG, isSentinelMessage, type SentinelEvent, type SentinelMessage } from './messages.js';
import { checkSubjectivelyDown, newInstance, onRedisReply, sendPeriodicCommands, type Instance } from './monitor.js';

/** Another Sentinel as this one sees it: its last is-master-down reply and the vote it carried. */
export interface PeerSentinel {
  lastReplyMs: number;
  lastAskMs: number;
  /** SRI_MASTER_DOWN: it said the master is down. */
  masterDown: boolean;
  leader: NodeId | null;
  leaderEpoch: number;
}

const CONFIG_KEY = 'sentinel.conf';

/** What rewriteConfigSentinelOption writes for one master, plus `sentinel current-epoch`. */
interface SavedConfig {
  currentEpoch: number;
  /** `sentinel monitor`: sentinelGetCurrentMasterAddress. */
  master: NodeId;
  configEpoch: number;
  leaderEpoch: number;
  knownReplicas: NodeId[];
  knownSentinels: NodeId[];
}

export interface SentinelSnapshot {
  id: NodeId;
  /** The master it names to clients and writes to sentinel.conf: the promoted replica once its promotion is seen. */
  master: NodeId;
  configEpoch: number;
  currentEpoch: number;
  failover: Failover['state'] | null;
  tilt: boolean;
}

export class Sentinel implements NodeBehavior {
  ctx!: NodeContext;
  currentEpoch = 0;
  master: NodeId;
  configEpoch = 0;
  /** This Sentinel's vote for the master's failover leader, and its epoch. */
  leader: NodeId | null = null;
  leaderEpoch = 0;
  instances = new Map<NodeId, Instance>();
  readonly sentinels = new Map<NodeId, PeerSentinel>();
  failover: Failover | null = null;
  /** failover_start_time: the last attempt (or a vote for another), plus a random desync. */
  failoverStartMs = Number.NEGATIVE_INFINITY;
  tiltSinceMs: number | null = null;
  lastHelloMs = Number.NEGATIVE_INFINITY;
  #previousTickMs = 0;

  constructor(
    readonly id: NodeId,
    readonly config: SentinelConfig,
  ) {
    this.master = config.initialMaster;
  }

  get now(): number {
    return this.ctx.monotonicNow();
  }

  get masterInstance(): Instance {
    return this.instances.get(this.master) as Instance;
  }

  get replicas(): Instance[] {
    return [...this.instances.values()].filter((i) => i.id !== this.master);
  }

  /** A first start reads the given configuration; a restart reads sentinel.conf as the last flush left it. */
  init(ctx: NodeContext): void {
    this.ctx = ctx;
    const saved = ctx.storage.get(CONFIG_KEY) as SavedConfig | undefined;
    let redisNodes = this.config.redisNodes;
    let sentinels = this.config.sentinels.filter((id) => id !== this.id);
    if (saved !== undefined) {
      ({ currentEpoch: this.currentEpoch, master: this.master, configEpoch: this.configEpoch, leaderEpoch: this.leaderEpoch } = saved);
      redisNodes = [saved.master, ...saved.knownReplicas];
      sentinels = saved.knownSentinels;
      // The path a config flushed before the switch to the promoted replica broke (issue: flush after promotion).
      if (saved.configEpoch > 0) ctx.cover('sentinel-restarted-after-failover');
    }
    this.#createInstances(redisNodes);
    for (const id of sentinels) {
      this.sentinels.set(id, { lastReplyMs: Number.NEGATIVE_INFINITY, lastAskMs: Number.NEGATIVE_INFINITY, masterDown: false, leader: null, leaderEpoch: 0 });
    }
    this.#previousTickMs = this.now;
    this.#scheduleTick();
  }

  onTimer(ctx: NodeContext, _timer: TimerHandle): void {
    this.ctx = ctx;
    this.#checkTilt();
    for (const inst of this.instances.values()) sendPeriodicCommands(this, inst);
    if (this.tiltSinceMs === null) {
      for (const inst of this.instances.values()) checkSubjectivelyDown(this, inst);
      checkObjectivelyDown(this);
      if (startFailoverIfNeeded(this)) askMasterStateToOthers(this, true);
      failoverStateMachine(this);
      askMasterStateToOthers(this, false);
    }
    sendHelloIfDue(this);
    if (this.failover?.state === 'update-config') switchToPromoted(this);
    this.#scheduleTick();
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    this.ctx = ctx;
    const inst = this.instances.get(msg.from);
    if (inst !== undefined && msg.inReplyTo !== undefined) {
      onRedisReply(this, inst, msg.body as RedisReply);
      return;
    }
    if (!isSentinelMessage(msg.body)) return;
    const m: SentinelMessage = msg.body;
    switch (m.type) {
      case 'is-master-down':
        onIsMasterDown(this, msg, m);
        return;
      case 'master-down-reply':
        onMasterDownReply(this, msg.from, m);
        return;
      case 'hello':
        onHello(this, msg.from, m);
        return;
      case 'get-master-addr-by-name':
        ctx.reply(msg, { type: 'master-addr', master: m.name === this.config.masterName ? currentMasterAddress(this) : null } satisfies SentinelMessage);
        return;
      case 'master-addr':
        return;
    }
  }

  /**
   * sentinelFlushConfig: rewrite sentinel.conf and fsync it. The master written is the current master
   * address, so after +promoted-slave it is the promoted replica, and the old master is listed among the
   * replicas in its place (rewriteConfigSentinelOption).
   */
  persist(): void {
    const master = currentMasterAddress(this);
    const saved: SavedConfig = {
      currentEpoch: this.currentEpoch, master, configEpoch: this.configEpoch, leaderEpoch: this.leaderEpoch,
      knownReplicas: [...this.instances.keys()].filter((id) => id !== master), knownSentinels: [...this.sentinels.keys()],
    };
    this.ctx.storage.set(CONFIG_KEY, saved);
    this.ctx.storage.fsync();
  }

  /** Raises the current epoch to `epoch` if that is newer (+new-epoch). */
  observeEpoch(epoch: number): void {
    if (epoch <= this.currentEpoch) return;
    this.currentEpoch = epoch;
    this.persist();
    this.event('new-epoch', { epoch });
  }

  /** A random failover start delay, so Sentinels that saw the same thing do not act in step. */
  desyncMs(): number {
    return this.ctx.rng.int(0, MAX_DESYNC_MS - 1);
  }

  /**
   * sentinelResetMasterAndChangeAddress: monitor `master` from scratch (fresh links, no failover, no
   * vote); the old master becomes a replica like the others. Flushes the config.
   */
  resetMaster(master: NodeId): void {
    this.master = master;
    this.failover = null;
    this.failoverStartMs = Number.NEGATIVE_INFINITY; // "we can failover again ASAP"
    this.leader = null;
    this.#createInstances([...this.instances.keys()]);
    this.persist();
  }

  command(to: NodeId, command: ServerCommand): void {
    this.ctx.send(to, redis(command));
  }

  event(event: SentinelEvent, fields: Record<string, unknown> = {}): void {
    this.ctx.log(SENTINEL_LOG + JSON.stringify({ event, ...fields }));
    this.ctx.point(`sentinel:${event}`, JSON.stringify(fields));
  }

  snapshot(): SentinelSnapshot {
    return { id: this.id, master: currentMasterAddress(this), configEpoch: this.configEpoch, currentEpoch: this.currentEpoch, failover: this.failover?.state ?? null, tilt: this.tiltSinceMs !== null };
  }

  /** `redisNodes`: the master and the known replicas. */
  #createInstances(redisNodes: readonly NodeId[]): void {
    const now = this.now;
    this.instances = new Map(redisNodes.map((id) => [id, newInstance(id, id === this.master ? 'master' : 'replica', now)]));
  }

  /**
   * TILT: a timer that fires more than 2 s late (the process was stopped, the machine stalled) makes
   * every timeout look expired, so for 30 s Sentinel still monitors but does not act. Redis also enters
   * TILT when the wall clock jumps; this model's times are monotonic, so only stalls trigger it.
   */
  #checkTilt(): void {
    const now = this.now;
    if (now - this.#previousTickMs > TILT_TRIGGER_MS) {
      this.tiltSinceMs = now;
      this.event('tilt', { stalledMs: now - this.#previousTickMs });
    } else if (this.tiltSinceMs !== null && now - this.tiltSinceMs >= TILT_PERIOD_MS) {
      this.tiltSinceMs = null;
      this.event('tilt-end');
    }
    this.#previousTickMs = now;
  }

  #scheduleTick(): void {
    this.ctx.setTimer(this.ctx.rng.int(TICK_MIN_MS, TICK_MAX_MS), 'tick');
  }
}

export function sentinelNode(config: SentinelConfig): (id: NodeId) => Sentinel {
  validateConfig(config);
  return (id) => {
    if (!config.sentinels.includes(id)) throw new Error(`sentinel ${config.masterName}: ${id} is not one of ${config.sentinels.join(',')}`);
    return new Sentinel(id, config);
  };
}
