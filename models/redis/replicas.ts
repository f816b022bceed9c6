/**
 * The master's side of replication: the replicas attached to it with the offsets they acknowledged, the
 * WAIT clients blocked on those acks, and the count of good replicas behind min-replicas-to-write.
 */
import type { Envelope, NodeContext, NodeId, TimerHandle } from '../../harness/index.js';
import type { RedisReply } from './commands.js';
import type { ReplicationInfo, ReplMessage } from './replication-messages.js';

interface Attached {
  ackOffset: number;
  ackMonoMs: number;
}

interface BlockedWait {
  msg: Envelope;
  offset: number;
  numreplicas: number;
  timer: TimerHandle | null;
}

export const WAIT_TIMER = 'wait-timeout';

export class ReplicaSet {
  readonly #replicas = new Map<NodeId, Attached>();
  #waits: BlockedWait[] = [];

  get ids(): NodeId[] {
    return [...this.#replicas.keys()];
  }

  /** A psync was served: the replica is online, acked offset 0, ack time now (as Redis sets them). */
  attach(id: NodeId, nowMs: number): void {
    this.#replicas.set(id, { ackOffset: 0, ackMonoMs: nowMs });
  }

  detach(id: NodeId): boolean {
    return this.#replicas.delete(id);
  }

  /** REPLCONF ACK; false when `id` is not attached (its connection is gone). */
  ack(ctx: NodeContext, id: NodeId, offset: number): boolean {
    const r = this.#replicas.get(id);
    if (r === undefined) return false;
    r.ackOffset = offset;
    r.ackMonoMs = ctx.monotonicNow();
    const ready = this.#waits.filter((w) => this.#countAcked(w.offset) >= w.numreplicas);
    this.#waits = this.#waits.filter((w) => !ready.includes(w));
    for (const w of ready) {
      if (w.timer !== null) ctx.cancelTimer(w.timer);
      this.#answer(ctx, w);
    }
    return true;
  }

  /** Replicas whose last ack is older than repl-timeout: the master drops them. */
  timedOut(nowMs: number, timeoutMs: number): NodeId[] {
    return [...this.#replicas].filter(([, r]) => nowMs - r.ackMonoMs > timeoutMs).map(([id]) => id);
  }

  /** min-replicas-to-write counts replicas that acked within min-replicas-max-lag. */
  good(nowMs: number, maxLagMs: number): number {
    return [...this.#replicas.values()].filter((r) => nowMs - r.ackMonoMs <= maxLagMs).length;
  }

  /** WAIT: the count now if enough replicas have `offset`, else null and the reply comes with the acks or the timeout. */
  wait(ctx: NodeContext, msg: Envelope, numreplicas: number, timeoutMs: number, offset: number): RedisReply | null {
    const acked = this.#countAcked(offset);
    if (acked >= numreplicas && acked < this.#replicas.size) ctx.point('redis:wait-answered-short', String(acked)); // some replica lacks the write
    if (acked >= numreplicas) return { type: 'redis-ok', result: acked };
    const timer = timeoutMs > 0 ? ctx.setTimer(timeoutMs, WAIT_TIMER) : null;
    this.#waits.push({ msg, offset, numreplicas, timer });
    // REPLCONF GETACK to every replica, so WAIT need not wait for the next once-a-second ack.
    for (const id of this.#replicas.keys()) ctx.send(id, { type: 'getack' } satisfies ReplMessage);
    return null;
  }

  /** A WAIT timed out: it answers with the count it has. */
  onWaitTimer(ctx: NodeContext, timer: TimerHandle): void {
    const w = this.#waits.find((x) => x.timer?.id === timer.id);
    if (w === undefined) return;
    this.#waits = this.#waits.filter((x) => x !== w);
    ctx.cover('redis-wait-timeout');
    this.#answer(ctx, w);
  }

  /** The node became a replica: blocked clients are unblocked with an error (disconnectAllBlockedClients). */
  unblockAll(ctx: NodeContext): void {
    for (const w of this.#waits) {
      if (w.timer !== null) ctx.cancelTimer(w.timer);
      ctx.reply(w.msg, { type: 'redis-error', error: 'ERR', message: 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)' } satisfies RedisReply);
    }
    this.#waits = [];
  }

  info(nowMs: number): ReplicationInfo['replicas'] {
    return [...this.#replicas].map(([id, r]) => ({ id, offset: r.ackOffset, lagMs: nowMs - r.ackMonoMs }));
  }

  #countAcked(offset: number): number {
    return [...this.#replicas.values()].filter((r) => r.ackOffset >= offset).length;
  }

  #answer(ctx: NodeContext, w: BlockedWait): void {
    if (this.#countAcked(w.offset) < this.#replicas.size) ctx.point('redis:wait-answered-short', String(this.#countAcked(w.offset)));
    ctx.reply(w.msg, { type: 'redis-ok', result: this.#countAcked(w.offset) } satisfies RedisReply);
  }
}
