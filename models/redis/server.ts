/**
 * A single Redis server: the keyspace, wall-clock expiry (lazy on access plus an active cycle), the
 * append-only file, and the "delayed restart" antirez proposes for Redlock. Kept free of anything
 * lock-specific; replication.ts adds replication on top (peer messages arrive in `onPeerMessage`).
 */
import type { Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId, TimerHandle } from '../../harness/index.js';
import { describeCommand, isDataCommand, isRedisRequest, type RedisCommand, type RedisReply } from './commands.js';
import { Keyspace, type Effect } from './keyspace.js';

export type Persistence = 'none' | 'aof-everysec' | 'aof-always';

export interface RedisConfig {
  /**
   * none: nothing survives a restart. aof-everysec: every write is appended, and fsynced by a 1 s timer
   * (a crash loses up to a second). aof-always: fsync before replying (appendfsync always).
   */
  persistence: Persistence;
  /**
   * After a restart (not the first boot), refuse every command with LOADING until this much of the
   * node's monotonic time has passed since boot: antirez's fix for Redlock with persistence off ("make
   * Redis unavailable for at least max TTL after a crash"). 0 turns it off.
   */
  delayedRestartMs?: number;
  /** Period of the active expire cycle, ms (Redis: hz 10, so 100 ms). */
  activeExpireMs?: number;
}

export const AOF_LOG = 'aof';
/** Prefix of the log lines the report panel reads (`keyspace {...}`, `boot {...}`). */
export const KEYSPACE_LOG = 'keyspace ';
export const BOOT_LOG = 'boot ';

type Timer = 'expire-cycle' | 'aof-fsync';

export class RedisServer implements NodeBehavior {
  readonly id: NodeId;
  readonly config: RedisConfig;
  readonly keyspace = new Keyspace();
  /** Monotonic time of this incarnation's boot, and until when it refuses commands. */
  bootMonoMs = 0;
  loadingUntilMonoMs = 0;

  constructor(id: NodeId, config: RedisConfig) {
    this.id = id;
    this.config = config;
  }

  init(ctx: NodeContext): void {
    this.bootMonoMs = ctx.monotonicNow();
    const delayMs = this.config.delayedRestartMs ?? 0;
    this.loadingUntilMonoMs = ctx.incarnation > 1 && delayMs > 0 ? this.bootMonoMs + delayMs : this.bootMonoMs;
    if (this.config.persistence !== 'none') {
      // Replay the AOF: whatever was fsynced before the crash (the kernel dropped the rest).
      for (const effect of ctx.storage.readLog(AOF_LOG) as readonly Effect[]) this.keyspace.apply(effect);
    }
    const keys = [...this.keyspace.snapshot()].map(([key, e]) => ({ key, ...e }));
    ctx.log(`${BOOT_LOG}${JSON.stringify({ incarnation: ctx.incarnation, wallMs: ctx.wallNow(), loadingMs: this.loadingUntilMonoMs - this.bootMonoMs, keys })}`);
    if (ctx.incarnation > 1) ctx.cover(this.keyspace.size > 0 ? 'redis-restart-with-keys' : 'redis-restart-empty');
    ctx.setTimer(this.config.activeExpireMs ?? 100, 'expire-cycle' satisfies Timer);
    if (this.config.persistence === 'aof-everysec') ctx.setTimer(1000, 'aof-fsync' satisfies Timer);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    if (!isRedisRequest(msg.body)) {
      this.onPeerMessage(ctx, msg);
      return;
    }
    const reply = this.handle(ctx, msg.body.command, msg);
    if (reply !== null) ctx.reply(msg, reply);
  }

  /** Messages that are not client commands (replication). */
  onPeerMessage(_ctx: NodeContext, _msg: Envelope): void {}

  /**
   * Runs one client command and persists its effects; the reply goes out after (aof-always: after fsync).
   * null: the reply is deferred (WAIT) and sent to `msg` later.
   */
  handle(ctx: NodeContext, command: RedisCommand, msg: Envelope): RedisReply | null {
    return this.refusal(ctx, command) ?? this.execute(ctx, command, msg);
  }

  /** Why a command is refused before it runs, or null. */
  refusal(ctx: NodeContext, _command: RedisCommand): RedisReply | null {
    if (ctx.monotonicNow() < this.loadingUntilMonoMs) {
      ctx.cover('redis-refused-loading');
      return { type: 'redis-error', error: 'LOADING', message: 'Redis is loading the dataset in memory' };
    }
    return null;
  }

  /** Runs a command that was not refused. The replication commands need a ReplicatedRedisServer. */
  execute(ctx: NodeContext, command: RedisCommand, _msg: Envelope): RedisReply | null {
    if (command.cmd === 'ping') return { type: 'redis-ok', result: 'PONG' };
    if (!isDataCommand(command)) return { type: 'redis-error', error: 'ERR', message: `${describeCommand(command)}: this node does not replicate` };
    const { result, effects } = this.keyspace.execute(command, ctx.wallNow(), this.expiresKeys);
    if ((command.cmd === 'set-nx-incr' || (command.cmd === 'set' && command.nx === true)) && result !== null) ctx.point('redis:lock-granted', command.key);
    this.persist(ctx, effects);
    return { type: 'redis-ok', result };
  }

  /** Whether this node deletes expired keys itself (a Redis replica waits for its master's DEL instead). */
  get expiresKeys(): boolean {
    return true;
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    const kind = timer.payload as Timer;
    if (kind === 'expire-cycle') {
      if (this.expiresKeys) {
        const effects: Effect[] = [];
        this.keyspace.expireDue(ctx.wallNow(), effects);
        this.persist(ctx, effects);
      }
      ctx.setTimer(this.config.activeExpireMs ?? 100, kind);
    } else {
      ctx.storage.fsync();
      ctx.setTimer(1000, kind);
    }
  }

  persist(ctx: NodeContext, effects: readonly Effect[]): void {
    if (effects.length === 0) return;
    const wallMs = ctx.wallNow();
    for (const effect of effects) ctx.log(`${KEYSPACE_LOG}${JSON.stringify({ ...effect, wallMs })}`);
    if (this.config.persistence === 'none') return;
    for (const effect of effects) ctx.storage.append(AOF_LOG, effect);
    if (this.config.persistence === 'aof-always') ctx.storage.fsync();
  }
}

export function redisNode(config: RedisConfig): NodeFactory {
  return (id) => new RedisServer(id, config);
}
