/**
 * Redis master/replica replication (PSYNC2), after the replication docs and replication.c. Every node keeps
 * a replication id and offset and a backlog of the stream it produced or received. A replica asks its
 * master to `psync` from its (replid, offset + 1); the master answers `continue` and the missed part of
 * its backlog when the history matches (replid, or replid2 up to secondReplidOffset) and the backlog
 * still holds it, else `fullresync`: the replica throws its dataset away and loads the master's. Then
 * every write's effects flow as `repl-stream` (expired keys as DELs: replicas never expire keys
 * themselves), replicas ack their offset each second, and masters ping each second. A replica answers
 * reads and refuses writes (READONLY). REPLICAOF NO ONE keeps the old id as replid2, so the other
 * replicas can continue with the promoted one. Chained replicas work as in Redis (a replica serves
 * psync only while its own link is up). Not modelled: diskless sync, RDB transfer time, writable
 * replicas, the backlog TTL, replica-serve-stale-data no.
 */
import type { Envelope, NodeContext, NodeFactory, NodeId, TimerHandle } from '../../harness/index.js';
import { Backlog } from './backlog.js';
import { isWriteCommand, type RedisCommand, type RedisReply } from './commands.js';
import type { Effect, Entry } from './keyspace.js';
import { ReplicaSet, WAIT_TIMER } from './replicas.js';
import { isReplMessage, type ReplicationInfo, type ReplMessage } from './replication-messages.js';
import { AOF_LOG, RedisServer, type RedisConfig } from './server.js';

export interface ReplicatedRedisConfig extends RedisConfig {
  /** Whom this node replicates at first boot (null: starts as a master). Later REPLICAOF commands win. */
  replicaOf: (id: NodeId) => NodeId | null;
  /** min-replicas-to-write (0 = off) and min-replicas-max-lag (ms; Redis's default is 10 s). */
  minReplicasToWrite?: number;
  minReplicasMaxLagMs?: number;
  /** repl-timeout, ms (Redis 60 s; scenarios use less). */
  replTimeoutMs?: number;
  /** Entries kept in the replication backlog (partial resync window). */
  backlogEntries?: number;
  /** replica-priority (default 100). */
  priority?: (id: NodeId) => number;
}

/** Prefix of the log lines about roles, links and syncs (`repl {...}`). */
export const REPL_LOG = 'repl ';
/** replid + offset, kept with the data (Redis keeps them in the RDB's aux fields). */
const STATE_KEY = 'repl-state';
/** The REPLICAOF line CONFIG REWRITE puts in redis.conf (Sentinel rewrites it after every change). */
const CONFIG_KEY = 'replicaof';
/** replicationCron runs once a second: reconnects, acks, pings (repl-ping-replica-period is 10 s in Redis). */
const CRON_MS = 1000;
const CRON = 'repl-cron';
/** Closing a connection as its master end (to a replica) or its replica end (to our master). */
const CLOSE_REPLICA: ReplMessage = { type: 'repl-close', by: 'master' };
const CLOSE_MASTER: ReplMessage = { type: 'repl-close', by: 'replica' };

/** connect: to (re)connect at the next chance; handshake: psync sent; up: synced, stream flowing. */
type Link = 'connect' | 'handshake' | 'up';

export class ReplicatedRedisServer extends RedisServer {
  declare readonly config: ReplicatedRedisConfig;
  role: 'master' | 'replica' = 'master';
  masterId: NodeId | null = null;
  replid = '';
  replid2 = '';
  secondReplidOffset = -1;
  readonly backlog: Backlog;
  readonly replicas = new ReplicaSet();
  #link: Link = 'connect';
  /** Whether psync can name a history (a cached master, in Redis) or must ask for everything ('?'). */
  #cachedMaster = false;
  /** Replica: last word from the master (or when the psync left). */
  #lastIoMs = 0;
  #linkDownSinceMs = 0;

  constructor(id: NodeId, config: ReplicatedRedisConfig) {
    super(id, config);
    this.backlog = new Backlog(config.backlogEntries ?? 10_000, 0);
  }

  get offset(): number {
    return this.backlog.offset;
  }

  /** A replica whose handshake is done and whose stream is flowing (master_link_status:up). */
  get masterLinkUp(): boolean {
    return this.role === 'replica' && this.#link === 'up';
  }

  override get expiresKeys(): boolean {
    return this.role === 'master';
  }

  override init(ctx: NodeContext): void {
    super.init(ctx);
    const configured = ctx.storage.get(CONFIG_KEY) as { master: NodeId | null } | undefined;
    const master = configured === undefined ? this.config.replicaOf(this.id) : configured.master;
    const saved = this.config.persistence === 'none' ? undefined : (ctx.storage.get(STATE_KEY) as { replid: string; offset: number } | undefined);
    this.replid = newReplid(ctx);
    if (saved !== undefined) {
      this.backlog.reset(saved.offset);
      if (master !== null) {
        // A replica psyncs with the history it saved (replicationCacheMasterUsingMyself).
        this.replid = saved.replid;
        this.#cachedMaster = true;
      } else {
        // A master keeps the saved id as replid2, so its replicas can continue after its restart.
        this.replid2 = saved.replid;
        this.secondReplidOffset = saved.offset + 1;
      }
    }
    if (master !== null) this.#follow(ctx, master);
    ctx.setTimer(CRON_MS, CRON);
  }

  override onTimer(ctx: NodeContext, timer: TimerHandle): void {
    if (timer.payload === CRON) this.#cron(ctx);
    else if (timer.payload === WAIT_TIMER) this.replicas.onWaitTimer(ctx, timer);
    else super.onTimer(ctx, timer);
  }

  override refusal(ctx: NodeContext, command: RedisCommand): RedisReply | null {
    const refused = super.refusal(ctx, command);
    if (refused !== null || !isWriteCommand(command)) return refused;
    if (this.role === 'replica') return { type: 'redis-error', error: 'READONLY', message: "You can't write against a read only replica." };
    const min = this.config.minReplicasToWrite ?? 0;
    if (min > 0 && this.replicas.good(ctx.monotonicNow(), this.config.minReplicasMaxLagMs ?? 10_000) < min) {
      ctx.cover('redis-noreplicas');
      return { type: 'redis-error', error: 'NOREPLICAS', message: 'Not enough good replicas to write.' };
    }
    return null;
  }

  override execute(ctx: NodeContext, command: RedisCommand, msg: Envelope): RedisReply | null {
    switch (command.cmd) {
      case 'replicaof':
        return this.#replicaof(ctx, command.master);
      case 'info-replication':
        return { type: 'redis-ok', result: JSON.stringify(this.info(ctx)) };
      case 'wait':
        // Redis refuses WAIT on a replica with an error; here it answers 0 at once.
        if (this.role === 'replica') return { type: 'redis-ok', result: 0 };
        return this.replicas.wait(ctx, msg, command.numreplicas, command.timeoutMs, this.offset);
      default:
        return super.execute(ctx, command, msg);
    }
  }

  /** Every change, local (master) or from the stream (replica), goes to the backlog and down to our replicas. */
  override persist(ctx: NodeContext, effects: readonly Effect[]): void {
    if (effects.length === 0) return;
    this.backlog.append(effects);
    this.#saveState(ctx);
    const stream: ReplMessage = { type: 'repl-stream', offset: this.offset, effects: [...effects] };
    for (const id of this.replicas.ids) ctx.send(id, stream);
    super.persist(ctx, effects);
  }

  override onPeerMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body;
    if (!isReplMessage(m)) return;
    switch (m.type) {
      case 'psync':
        this.#onPsync(ctx, msg.from, m.replid, m.offset);
        return;
      case 'replconf-ack':
        // An ack on a connection we no longer have: the replica would get an RST and reconnect.
        if (!this.replicas.ack(ctx, msg.from, m.offset)) ctx.send(msg.from, CLOSE_REPLICA);
        return;
      case 'repl-close':
        if (m.by === 'replica') this.replicas.detach(msg.from);
        else if (this.role === 'replica' && msg.from === this.masterId) {
          // Closed while up: reconnect at once (replicationHandleMasterDisconnection). Refused psync
          // (-NOMASTERLINK) or a stale close: retry from the cron.
          if (this.#link === 'up') this.#reconnect(ctx, 'master closed the link');
          else this.#link = 'connect';
        }
        return;
      default:
        this.#fromMaster(ctx, msg.from, m);
    }
  }

  info(ctx: NodeContext): ReplicationInfo {
    const now = ctx.monotonicNow();
    return {
      role: this.role,
      masterId: this.masterId,
      masterLinkUp: this.masterLinkUp,
      masterLinkDownMs: this.role === 'master' || this.masterLinkUp ? 0 : now - this.#linkDownSinceMs,
      replid: this.replid,
      replid2: this.replid2,
      secondReplidOffset: this.secondReplidOffset,
      offset: this.offset,
      replicas: this.replicas.info(now),
      priority: this.config.priority?.(this.id) ?? 100,
    };
  }

  #replicaof(ctx: NodeContext, master: NodeId | null): RedisReply {
    if (master === this.id) return { type: 'redis-error', error: 'ERR', message: "can't replicate myself" };
    if (master === null ? this.role === 'master' : this.masterId === master) return { type: 'redis-ok', result: 'OK' };
    this.#dropMasterLink(ctx);
    if (master === null) this.#promote(ctx);
    else {
      if (this.role === 'master') {
        ctx.cover('redis-demoted');
        this.#cachedMaster = true; // replicationCacheMasterUsingMyself: psync with our own history
      }
      this.replicas.unblockAll(ctx);
      this.#follow(ctx, master);
    }
    // CONFIG REWRITE (Sentinel sends it with every REPLICAOF): the role survives a restart. The shared
    // fsync also makes the AOF durable, which an everysec AOF would otherwise leave to its timer.
    ctx.storage.set(CONFIG_KEY, { master });
    ctx.storage.fsync();
    return { type: 'redis-ok', result: 'OK' };
  }

  /** REPLICAOF NO ONE (replicationUnsetMaster). */
  #promote(ctx: NodeContext): void {
    this.role = 'master';
    this.masterId = null;
    // shiftReplicationId: our history so far stays valid under the old id up to offset + 1.
    this.replid2 = this.replid;
    this.secondReplidOffset = this.offset + 1;
    this.replid = newReplid(ctx);
    this.#dropReplicas(ctx);
    this.#saveState(ctx);
    ctx.cover('redis-promoted');
    this.#log(ctx, 'promoted', {});
  }

  #follow(ctx: NodeContext, master: NodeId): void {
    this.role = 'replica';
    this.masterId = master;
    this.#linkDownSinceMs = ctx.monotonicNow();
    this.#log(ctx, 'replicaof', { master });
    this.#connect(ctx);
  }

  #connect(ctx: NodeContext): void {
    this.#link = 'handshake';
    this.#lastIoMs = ctx.monotonicNow();
    const m: ReplMessage = this.#cachedMaster ? { type: 'psync', replid: this.replid, offset: this.offset + 1 } : { type: 'psync', replid: '?', offset: -1 };
    ctx.send(this.masterId as NodeId, m);
  }

  #reconnect(ctx: NodeContext, why: string): void {
    if (this.#link === 'up') this.#linkDownSinceMs = ctx.monotonicNow();
    this.#log(ctx, 'link-down', { why });
    this.#connect(ctx);
  }

  /** We leave our master (REPLICAOF): it sees the connection close. */
  #dropMasterLink(ctx: NodeContext): void {
    if (this.role === 'replica' && this.#link !== 'connect') ctx.send(this.masterId as NodeId, CLOSE_MASTER);
  }

  /** disconnectSlaves: they reconnect and learn our new history (a partial resync if it allows). */
  #dropReplicas(ctx: NodeContext): void {
    for (const id of this.replicas.ids) {
      this.replicas.detach(id);
      ctx.send(id, CLOSE_REPLICA);
    }
  }

  /** masterTryPartialResynchronization, else a full resync. */
  #onPsync(ctx: NodeContext, from: NodeId, replid: string, offset: number): void {
    // A replica that is not connected to its master cannot feed others (-NOMASTERLINK).
    if (this.role === 'replica' && this.#link !== 'up') {
      ctx.send(from, CLOSE_REPLICA);
      return;
    }
    const sameHistory = replid === this.replid || (replid === this.replid2 && offset <= this.secondReplidOffset);
    const missed = sameHistory ? this.backlog.since(offset) : null;
    if (missed !== null) {
      ctx.cover('redis-partial-resync');
      ctx.send(from, { type: 'continue', replid: this.replid } satisfies ReplMessage);
      if (missed.length > 0) ctx.send(from, { type: 'repl-stream', offset: this.offset, effects: missed } satisfies ReplMessage);
    } else {
      ctx.cover('redis-full-resync');
      ctx.send(from, { type: 'fullresync', replid: this.replid, offset: this.offset, keys: [...this.keyspace.snapshot()] } satisfies ReplMessage);
    }
    this.replicas.attach(from, ctx.monotonicNow());
    this.#log(ctx, missed !== null ? 'partial-resync-served' : 'full-resync-served', { replica: from, from: offset });
  }

  #fromMaster(ctx: NodeContext, from: NodeId, m: ReplMessage): void {
    if (this.role !== 'replica' || from !== this.masterId) return;
    if (this.#link === 'handshake') {
      if (m.type === 'fullresync') this.#fullSync(ctx, m.replid, m.offset, m.keys);
      else if (m.type === 'continue') this.#continue(ctx, m.replid);
      // Anything else was sent on the connection we gave up: it died with it.
      return;
    }
    if (this.#link !== 'up') return;
    this.#lastIoMs = ctx.monotonicNow();
    switch (m.type) {
      case 'repl-stream':
        // Over TCP the stream has no holes; one here means the connection broke and messages were lost.
        if (m.offset - m.effects.length !== this.offset) this.#reconnect(ctx, `stream gap at ${this.offset}`);
        else {
          for (const e of m.effects) this.keyspace.apply(e);
          this.persist(ctx, m.effects);
        }
        return;
      case 'repl-ping':
        if (m.offset !== this.offset) this.#reconnect(ctx, `master at ${m.offset}, we at ${this.offset}`);
        return;
      case 'getack':
        ctx.send(from, { type: 'replconf-ack', offset: this.offset } satisfies ReplMessage);
        return;
    }
  }

  /** FULLRESYNC: our dataset (and AOF) is discarded for the master's. */
  #fullSync(ctx: NodeContext, replid: string, offset: number, keys: [string, Entry][]): void {
    this.keyspace.load(keys);
    this.replid = replid;
    this.replid2 = '';
    this.secondReplidOffset = -1;
    this.backlog.reset(offset);
    this.#cachedMaster = true;
    this.#dropReplicas(ctx);
    if (this.config.persistence !== 'none') {
      // The AOF is rewritten from the loaded dataset; the received RDB was fsynced before it was loaded.
      ctx.storage.truncate(AOF_LOG, 0);
      for (const [key, e] of keys) ctx.storage.append(AOF_LOG, { op: 'set', key, ...e } satisfies Effect);
      this.#saveState(ctx);
      ctx.storage.fsync();
    }
    this.#log(ctx, 'full-resync', { keys: keys.length, offset });
    this.#linkUp(ctx);
  }

  /** +CONTINUE: a new replid means the master was promoted; our history stays valid as replid2. */
  #continue(ctx: NodeContext, replid: string): void {
    if (replid !== this.replid) {
      this.replid2 = this.replid;
      this.secondReplidOffset = this.offset + 1;
      this.replid = replid;
      this.#dropReplicas(ctx);
      this.#saveState(ctx);
    }
    this.#log(ctx, 'partial-resync', { offset: this.offset });
    this.#linkUp(ctx);
  }

  #linkUp(ctx: NodeContext): void {
    this.#link = 'up';
    this.#lastIoMs = ctx.monotonicNow();
  }

  /** replicationCron. */
  #cron(ctx: NodeContext): void {
    const now = ctx.monotonicNow();
    const timeoutMs = this.config.replTimeoutMs ?? 60_000;
    if (this.role === 'replica') {
      // repl-timeout: no data nor ping from the master (or no psync answer) for that long.
      if (this.#link !== 'connect' && now - this.#lastIoMs > timeoutMs) this.#reconnect(ctx, 'timeout');
      else if (this.#link === 'connect') this.#connect(ctx);
      else if (this.#link === 'up') ctx.send(this.masterId as NodeId, { type: 'replconf-ack', offset: this.offset } satisfies ReplMessage);
    }
    for (const id of this.replicas.timedOut(now, timeoutMs)) {
      this.replicas.detach(id);
      ctx.send(id, CLOSE_REPLICA);
    }
    for (const id of this.replicas.ids) ctx.send(id, { type: 'repl-ping', offset: this.offset } satisfies ReplMessage);
    ctx.setTimer(CRON_MS, CRON);
  }

  #saveState(ctx: NodeContext): void {
    if (this.config.persistence !== 'none') ctx.storage.set(STATE_KEY, { replid: this.replid, offset: this.offset });
  }

  #log(ctx: NodeContext, event: string, data: Record<string, unknown>): void {
    ctx.log(`${REPL_LOG}${JSON.stringify({ event, ...data, role: this.role, master: this.masterId, replid: this.replid, offset: this.offset })}`);
  }
}

/** A 40-hex-digit replication id, as Redis makes them (changeReplicationId), from the node's stream. */
function newReplid(ctx: NodeContext): string {
  let id = '';
  for (let i = 0; i < 40; i++) id += ctx.rng.int(0, 15).toString(16);
  return id;
}

export function replicatedRedisNode(config: ReplicatedRedisConfig): NodeFactory {
  return (id) => new ReplicatedRedisServer(id, config);
}
