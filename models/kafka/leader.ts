/**
 * The leader side of a partition (Partition.scala + ReplicaManager): appends produced entries stamped with
 * the leader epoch, serves follower fetches (checking their last epoch against ours, KIP-320's diverging
 * epoch), tracks each follower's log end offset, advances the high watermark to the smallest log end over
 * the ISR, answers acks=all once the HW passes the entry, and shrinks or expands the ISR through the
 * controller (AlterPartition, KIP-497).
 */
import type { Envelope, NodeId, TimerHandle } from '../../harness/index.js';
import type { KafkaBroker } from './broker.js';
import { UNDEFINED_EPOCH } from './epoch-cache.js';
import type { AlterPartition, ClientReply, FetchError, FetchRequest, FetchResponse } from './messages.js';

/** The producer's request.timeout.ms for acks=all, as the contract fixes it. */
const PRODUCE_TIMEOUT_MS = 1000;
/** replica.fetch.max.bytes, in entries. */
const MAX_FETCH_ENTRIES = 100;

/** What the leader knows of one follower (Replica.scala's ReplicaState). */
interface ReplicaState {
  /** The follower's broker epoch from its fetches (KIP-903 ReplicaEpoch); -1 until it fetches. */
  brokerEpoch: number;
  /** From its last fetch offset; -1 until it fetches from this leader. */
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

interface PendingAlter {
  isr: NodeId[];
  kind: 'expand' | 'shrink';
  sentAtMs: number;
}

export type LeaderTimer = { kind: 'produce-timeout'; id: number } | { kind: 'fetch-wait'; id: number };

export class PartitionLeader {
  readonly replicas = new Map<NodeId, ReplicaState>();
  /** An AlterPartition sent and not yet answered (Partition.scala's PendingExpandIsr / PendingShrinkIsr). */
  pendingAlter: PendingAlter | null = null;
  /** One past the highest offset this leadership acknowledged to a producer (read by observers, not the protocol). */
  acknowledgedEnd = 0;
  /** No new AlterPartition before this time, after the controller refused one. */
  #alterBackoffUntilMs = 0;
  /** acks=all requests in purgatory (DelayedProduce), by request id. */
  readonly #produces = new Map<number, { msg: Envelope; requiredOffset: number; timer: TimerHandle }>();
  /** Fetches with nothing to return, held for up to fetchWaitMs (DelayedFetch). */
  readonly #parked = new Map<number, { msg: Envelope<FetchRequest>; timer: TimerHandle }>();

  /** `epochStartOffset`: our log end when we became leader of this epoch. */
  constructor(
    private readonly b: KafkaBroker,
    readonly epochStartOffset: number,
  ) {
    const now = b.ctx.monotonicNow();
    for (const id of b.config.brokers) {
      if (id === b.id) continue;
      // A new leader counts the ISR's followers as caught up now, with their log ends unknown.
      const caughtUpMs = b.isr.includes(id) ? now : 0;
      this.replicas.set(id, { brokerEpoch: -1, logEndOffset: -1, lastCaughtUpTimeMs: caughtUpMs, lastFetchLeaderLogEndOffset: -1, lastFetchTimeMs: 0 });
    }
  }

  /** The ISR the HW waits for: the committed one, plus a replica whose addition is in flight (the "maximal ISR"). */
  get maximalIsr(): readonly NodeId[] {
    return this.pendingAlter?.kind === 'expand' ? this.pendingAlter.isr : this.b.isr;
  }

  // ---- produce ----

  produce(msg: Envelope, value: number, acks: 'all' | 1): void {
    const { b } = this;
    // acks=all refuses before appending when the committed ISR is too small.
    if (acks === 'all' && b.isr.length < b.config.minInsyncReplicas) {
      b.ctx.cover('kafka-not-enough-replicas');
      b.ctx.reply(msg, { type: 'produce-error', error: 'NOT_ENOUGH_REPLICAS', leader: b.id } satisfies ClientReply);
      return;
    }
    const offset = b.plog.endOffset;
    b.plog.append([{ offset, epoch: b.leaderEpoch, value }]);
    if (acks === 1) this.#acknowledge(msg, offset);
    else {
      const id = b.nextRequestId();
      const timer = b.ctx.setTimer(PRODUCE_TIMEOUT_MS, { kind: 'produce-timeout', id } satisfies LeaderTimer);
      this.#produces.set(id, { msg, requiredOffset: offset + 1, timer });
    }
    for (const id of [...this.#parked.keys()]) this.#answerParked(id);
    this.maybeIncrementHighWatermark();
  }

  /** Partition.checkEnoughReplicasReachOffset, for every request in purgatory. */
  #completeProduces(): void {
    const { b } = this;
    for (const [id, p] of this.#produces) {
      if (b.plog.highWatermark < p.requiredOffset) continue;
      this.#produces.delete(id);
      b.ctx.cancelTimer(p.timer);
      if (b.isr.length >= b.config.minInsyncReplicas) this.#acknowledge(p.msg, p.requiredOffset - 1);
      else {
        b.ctx.cover('kafka-not-enough-replicas');
        b.ctx.reply(p.msg, { type: 'produce-error', error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', leader: b.id } satisfies ClientReply);
      }
    }
  }

  #acknowledge(msg: Envelope, offset: number): void {
    if (offset >= this.b.plog.highWatermark) this.b.ctx.point('kafka:acked-above-hw', String(offset)); // acks=1: no follower has it yet
    this.acknowledgedEnd = Math.max(this.acknowledgedEnd, offset + 1);
    this.b.ctx.reply(msg, { type: 'produce-ok', offset } satisfies ClientReply);
  }

  // ---- fetch ----

  fetch(msg: Envelope<FetchRequest>): void {
    const { b } = this;
    const req = msg.body;
    let s = this.replicas.get(req.replica);
    if (s === undefined) return;
    // KIP-903: a fetch from an older incarnation of the follower than we know of is refused; a newer
    // incarnation starts afresh (it may have lost what its previous self had fetched).
    if (req.replicaEpoch < Math.max(s.brokerEpoch, b.brokerEpochs[req.replica] ?? -1)) {
      this.#respond(msg, 'STALE_BROKER_EPOCH');
      return;
    }
    if (req.replicaEpoch > s.brokerEpoch) {
      s = { brokerEpoch: req.replicaEpoch, logEndOffset: -1, lastCaughtUpTimeMs: 0, lastFetchLeaderLogEndOffset: -1, lastFetchTimeMs: 0 };
      this.replicas.set(req.replica, s);
    }
    if (req.currentLeaderEpoch !== b.leaderEpoch) {
      this.#respond(msg, req.currentLeaderEpoch < b.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH');
      return;
    }
    if (!b.config.truncateToHighWatermark && req.lastFetchedEpoch !== UNDEFINED_EPOCH) {
      // The follower's last epoch must end, in our log, no earlier than its fetch offset; otherwise its log
      // has entries we do not: tell it where our copy of that epoch ends (Partition.fetchRecords).
      const end = b.plog.epochs.endOffsetFor(req.lastFetchedEpoch, b.plog.endOffset);
      if (end.epoch < req.lastFetchedEpoch || end.endOffset < req.fetchOffset) {
        this.#respond(msg, undefined, { epoch: end.epoch, endOffset: end.endOffset });
        return;
      }
    }
    if (req.fetchOffset > b.plog.endOffset) {
      this.#respond(msg, 'OFFSET_OUT_OF_RANGE');
      return;
    }
    this.#updateFollowerFetchState(s, req.fetchOffset);
    this.#maybeExpandIsr(req.replica, s);
    this.maybeIncrementHighWatermark();
    if (req.fetchOffset < b.plog.endOffset) this.#respond(msg);
    else {
      const id = b.nextRequestId();
      this.#parked.set(id, { msg, timer: b.ctx.setTimer(b.config.fetchWaitMs, { kind: 'fetch-wait', id } satisfies LeaderTimer) });
    }
  }

  /** Replica.updateFetchState: a follower is caught up at a fetch that reaches our log end, or our log end at its previous fetch. */
  #updateFollowerFetchState(s: ReplicaState, fetchOffset: number): void {
    const now = this.b.ctx.monotonicNow();
    const leaderEnd = this.b.plog.endOffset;
    if (fetchOffset >= leaderEnd) s.lastCaughtUpTimeMs = Math.max(s.lastCaughtUpTimeMs, now);
    else if (fetchOffset >= s.lastFetchLeaderLogEndOffset) s.lastCaughtUpTimeMs = Math.max(s.lastCaughtUpTimeMs, s.lastFetchTimeMs);
    s.logEndOffset = fetchOffset;
    s.lastFetchLeaderLogEndOffset = leaderEnd;
    s.lastFetchTimeMs = now;
  }

  #respond(msg: Envelope<FetchRequest>, error?: FetchError, divergingEpoch?: FetchResponse['divergingEpoch']): void {
    const { plog } = this.b;
    const from = msg.body.fetchOffset;
    const entries = error === undefined && divergingEpoch === undefined ? plog.entries.slice(from, from + MAX_FETCH_ENTRIES) : [];
    const response: FetchResponse = {
      type: 'fetch-response', fetchOffset: from, leaderEpoch: this.b.leaderEpoch, entries,
      highWatermark: plog.highWatermark, logEndOffset: plog.endOffset,
      ...(error === undefined ? {} : { error }), ...(divergingEpoch === undefined ? {} : { divergingEpoch }),
    };
    this.b.ctx.reply(msg, response);
  }

  #answerParked(id: number, error?: FetchError): void {
    const p = this.#parked.get(id);
    if (p === undefined) return;
    this.#parked.delete(id);
    this.b.ctx.cancelTimer(p.timer);
    this.#respond(p.msg, error);
  }

  // ---- high watermark ----

  /**
   * Partition.maybeIncrementLeaderHW: the smallest log end over the (maximal) ISR; it never goes back. With
   * KIP-966 it stays put while the ISR is below min.insync.replicas, so an ELR member holds everything below it.
   */
  maybeIncrementHighWatermark(): void {
    const { b } = this;
    if (b.config.eligibleLeaderReplicas === true && b.isr.length < b.config.minInsyncReplicas) return;
    let hw = b.plog.endOffset;
    for (const id of this.maximalIsr) {
      if (id !== b.id) hw = Math.min(hw, this.replicas.get(id)?.logEndOffset ?? -1);
    }
    if (hw <= b.plog.highWatermark) return;
    b.plog.highWatermark = hw;
    this.#completeProduces();
  }

  // ---- ISR ----

  /** maybeShrinkIsr, every replicaLagTimeMaxMs / 2; an unanswered AlterPartition is sent again instead. */
  checkIsr(): void {
    const { b } = this;
    const now = b.ctx.monotonicNow();
    if (this.pendingAlter !== null) {
      if (now - this.pendingAlter.sentAtMs >= b.config.replicaLagTimeMaxMs / 2) this.#sendAlter(this.pendingAlter);
      return;
    }
    if (now < this.#alterBackoffUntilMs) return;
    const leaderEnd = b.plog.endOffset;
    const outOfSync = b.isr.filter((id) => {
      const s = this.replicas.get(id);
      if (s === undefined) return false;
      return s.logEndOffset !== leaderEnd && now - s.lastCaughtUpTimeMs > b.config.replicaLagTimeMaxMs;
    });
    if (outOfSync.length === 0) return;
    b.ctx.cover('kafka-isr-shrink');
    this.#propose(b.isr.filter((id) => !outOfSync.includes(id)), 'shrink');
  }

  /** maybeExpandIsr: a follower rejoins once it has everything up to the HW and this epoch's first offset. */
  #maybeExpandIsr(id: NodeId, s: ReplicaState): void {
    const { b } = this;
    if (this.pendingAlter !== null || b.isr.includes(id) || b.ctx.monotonicNow() < this.#alterBackoffUntilMs) return;
    if (s.logEndOffset < b.plog.highWatermark || s.logEndOffset < this.epochStartOffset) return;
    b.ctx.cover('kafka-isr-expand');
    this.#propose(b.config.brokers.filter((x) => x === id || b.isr.includes(x)), 'expand');
  }

  #propose(isr: NodeId[], kind: 'expand' | 'shrink'): void {
    this.pendingAlter = { isr, kind, sentAtMs: this.b.ctx.monotonicNow() };
    this.b.note({ event: `isr-${kind}-proposed`, isr });
    this.#sendAlter(this.pendingAlter);
  }

  #sendAlter(p: PendingAlter): void {
    const { b } = this;
    p.sentAtMs = b.ctx.monotonicNow();
    const isrBrokerEpochs: Record<NodeId, number> = {};
    for (const id of p.isr) isrBrokerEpochs[id] = id === b.id ? b.brokerEpoch : this.replicas.get(id)?.brokerEpoch ?? -1;
    const req: AlterPartition = {
      type: 'alter-partition', brokerEpoch: b.brokerEpoch, isr: p.isr, isrBrokerEpochs, leaderEpoch: b.leaderEpoch, partitionEpoch: b.partitionEpoch,
    };
    b.ctx.send(b.config.controller, req);
  }

  /** The controller committed a new ISR (or pushed newer state): the pending change is settled either way. */
  onIsrChanged(): void {
    this.pendingAlter = null;
    this.maybeIncrementHighWatermark();
  }

  /** The controller refused our AlterPartition; it has sent us its state. Wait a tick before proposing again. */
  onAlterError(): void {
    this.pendingAlter = null;
    this.#alterBackoffUntilMs = this.b.ctx.monotonicNow() + this.b.config.replicaLagTimeMaxMs / 2;
  }

  onTimer(t: LeaderTimer): void {
    if (t.kind === 'fetch-wait') {
      this.#answerParked(t.id);
      return;
    }
    const p = this.#produces.get(t.id);
    if (p === undefined) return;
    this.#produces.delete(t.id);
    this.b.ctx.reply(p.msg, { type: 'produce-error', error: 'TIMEOUT', leader: this.b.id } satisfies ClientReply);
  }

  /**
   * No longer the leader of this epoch: requests in purgatory get NOT_LEADER (as Kafka's DelayedProduce does,
   * although the entry was appended and may survive) and held fetches are answered.
   */
  resign(newLeader: NodeId | null): void {
    for (const p of this.#produces.values()) {
      this.b.ctx.cancelTimer(p.timer);
      this.b.ctx.reply(p.msg, { type: 'produce-error', error: 'NOT_LEADER', leader: newLeader } satisfies ClientReply);
    }
    this.#produces.clear();
    for (const id of [...this.#parked.keys()]) this.#answerParked(id, 'NOT_LEADER');
  }
}
