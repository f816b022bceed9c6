/**
 * A Kafka broker hosting one replica of the partition. It heartbeats the controller (KIP-631), takes its role
 * from the controller's leader-and-isr (makeLeader / makeFollower), and then runs the leader side
 * (leader.ts) or the follower's fetcher (follower.ts). Clients produce to and consume from the leader;
 * any broker answers metadata.
 *
 * Durable state, as Kafka keeps it (log.ts): the log, the leader-epoch-checkpoint and the HW checkpoint.
 * Role and partition state come back from the controller after a restart. The broker epoch is not kept:
 * every start registers anew (KIP-631) with a fresh incarnation id and learns its new epoch from the reply;
 * until then the broker heartbeats nothing, leads nothing and follows nothing.
 */
import type { Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId, TimerHandle } from '../../harness/index.js';
import type { KafkaConfig } from './config.js';
import { Fetcher, FETCH_TIMER } from './follower.js';
import { PartitionLeader, type LeaderTimer } from './leader.js';
import { PartitionLog } from './log.js';
import { KAFKA_LOG, type BrokerRegistration, type BrokerRegistrationReply, type ClientReply, type ClientRequest, type FetchRequest, type FetchResponse, type Heartbeat, type LeaderAndIsr, type LogEntry } from './messages.js';

const HEARTBEAT_TIMER = 'heartbeat';
const ISR_TIMER = 'isr-expiration';
const HW_CHECKPOINT_TIMER = 'hw-checkpoint';
const FLUSH_TIMER = 'flush';

export type BrokerRole = 'leader' | 'follower' | 'none';

export class KafkaBroker implements NodeBehavior {
  ctx!: NodeContext;
  plog!: PartitionLog;
  role: BrokerRole = 'none';
  /** The partition state from the controller's last leader-and-isr (-1: none since this start). */
  leader: NodeId | null = null;
  leaderEpoch = -1;
  partitionEpoch = -1;
  isr: NodeId[] = [];
  /** This start's incarnation id and the broker epoch the controller gave it (-1: not registered yet). */
  incarnationId = '';
  brokerEpoch = -1;
  /** The controller's broker epochs (its registrations), as the last leader-and-isr carried them. */
  brokerEpochs: Record<NodeId, number> = {};
  leaderState: PartitionLeader | null = null;
  fetcher: Fetcher | null = null;
  #requestIds = 0;

  constructor(
    readonly id: NodeId,
    readonly config: KafkaConfig,
  ) {}

  get log(): readonly LogEntry[] {
    return this.plog.entries;
  }

  get highWatermark(): number {
    return this.plog.highWatermark;
  }

  nextRequestId(): number {
    return ++this.#requestIds;
  }

  /** A `kafka {json}` log line for reports. */
  note(data: Record<string, unknown>): void {
    this.ctx.log(KAFKA_LOG + JSON.stringify({ node: this.id, ...data }));
  }

  init(ctx: NodeContext): void {
    this.ctx = ctx;
    this.plog = new PartitionLog(ctx.storage, this.config.flush, () => ctx.monotonicNow());
    this.incarnationId = `${this.id}-${ctx.rng.int(0, 2 ** 31 - 1).toString(36)}`;
    this.#heartbeat();
    ctx.setTimer(this.config.replicaLagTimeMaxMs / 2, ISR_TIMER);
    ctx.setTimer(this.config.hwCheckpointIntervalMs ?? 100, HW_CHECKPOINT_TIMER);
    if (this.config.flush === 'interval') ctx.setTimer(this.#writebackPeriodMs, FLUSH_TIMER);
  }

  onMessage(_ctx: NodeContext, msg: Envelope): void {
    const body = msg.body as { type: string };
    switch (body.type) {
      case 'register-broker-reply':
        if (msg.from === this.config.controller) this.#onRegistered(body as BrokerRegistrationReply);
        break;
      case 'leader-and-isr':
        if (msg.from === this.config.controller) this.#onLeaderAndIsr(body as LeaderAndIsr);
        break;
      case 'alter-partition-error':
        this.leaderState?.onAlterError();
        break;
      case 'fetch':
        if (this.leaderState !== null) this.leaderState.fetch(msg as Envelope<FetchRequest>);
        else this.#refuseFetch(msg as Envelope<FetchRequest>);
        break;
      case 'fetch-response':
        this.fetcher?.onResponse(msg as Envelope<FetchResponse>);
        break;
      case 'produce':
      case 'fetch-committed':
      case 'metadata':
        this.#onClient(msg, body as ClientRequest);
        break;
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    const p = timer.payload;
    if (p === HEARTBEAT_TIMER) this.#heartbeat();
    else if (p === FETCH_TIMER) this.fetcher?.onTimer();
    else if (p === ISR_TIMER) {
      this.leaderState?.checkIsr();
      ctx.setTimer(this.config.replicaLagTimeMaxMs / 2, ISR_TIMER);
    } else if (p === HW_CHECKPOINT_TIMER) {
      this.plog.checkpointHighWatermark();
      ctx.setTimer(this.config.hwCheckpointIntervalMs ?? 100, HW_CHECKPOINT_TIMER);
    } else if (p === FLUSH_TIMER) {
      this.#writeback();
      ctx.setTimer(this.#writebackPeriodMs, FLUSH_TIMER);
    } else this.leaderState?.onTimer(p as LeaderTimer);
  }

  /**
   * Flush 'interval' writes the log back once its oldest unflushed write is flushIntervalMs old, checked six
   * times per interval: Linux's flusher wakes every dirty_writeback_centisecs (5 s) and writes back a file
   * dirtied more than dirty_expire_centisecs (30 s) ago; Kafka's flush.ms also counts from the last flush.
   */
  #writeback(): void {
    const since = this.plog.dirtySinceMs;
    if (since !== null && this.ctx.monotonicNow() - since >= (this.config.flushIntervalMs ?? 100)) this.plog.flushToDisk();
  }

  get #writebackPeriodMs(): number {
    return (this.config.flushIntervalMs ?? 100) / 6;
  }

  /** The heartbeat names the partition state we have, so the controller can send a newer one (after our restart, say). */
  /** Until the registration is answered, the heartbeat timer sends the registration again instead. */
  #heartbeat(): void {
    if (this.brokerEpoch < 0) {
      // KIP-966 previousBrokerEpoch comes from the clean-shutdown file a controlled shutdown writes. Brokers here
      // stop only by crashing (the harness has no controlled shutdown), so there is never one: -1.
      const registration: BrokerRegistration = { type: 'register-broker', incarnationId: this.incarnationId, previousBrokerEpoch: -1 };
      this.ctx.send(this.config.controller, registration);
    } else {
      const hb: Heartbeat = { type: 'heartbeat', brokerEpoch: this.brokerEpoch, leaderEpoch: this.leaderEpoch, partitionEpoch: this.partitionEpoch };
      this.ctx.send(this.config.controller, hb);
    }
    this.ctx.setTimer(this.config.heartbeatMs, HEARTBEAT_TIMER);
  }

  #onRegistered(r: BrokerRegistrationReply): void {
    if (r.incarnationId !== this.incarnationId || this.brokerEpoch >= 0) return;
    this.brokerEpoch = r.brokerEpoch;
    this.note({ event: 'registered', brokerEpoch: r.brokerEpoch });
  }

  #onLeaderAndIsr(s: LeaderAndIsr): void {
    // Only state that knows this incarnation: older state may still name our previous self as leader or ISR member.
    if (this.brokerEpoch < 0 || s.brokerEpochs[this.id] !== this.brokerEpoch) return;
    for (const [b, e] of Object.entries(s.brokerEpochs)) this.brokerEpochs[b] = Math.max(e, this.brokerEpochs[b] ?? -1);
    // Older state than ours is stale (controller messages can be resent and overtaken by newer ones).
    if (s.leaderEpoch < this.leaderEpoch || (s.leaderEpoch === this.leaderEpoch && s.partitionEpoch <= this.partitionEpoch)) return;
    const newEpoch = s.leaderEpoch !== this.leaderEpoch;
    if (newEpoch) this.#leaveRole(s.leader);
    this.leader = s.leader;
    this.leaderEpoch = s.leaderEpoch;
    this.partitionEpoch = s.partitionEpoch;
    const wasAlone = this.isr.length === 1;
    this.isr = [...s.isr];
    if (!newEpoch) {
      // The last replica standing: the leader alone in the ISR (KIP-966's dangerous state).
      if (this.leaderState !== null && !wasAlone && s.isr.length === 1) this.ctx.cover('kafka-isr-shrunk-to-one');
      this.leaderState?.onIsrChanged();
      return;
    }
    if (s.leader === this.id) this.#makeLeader();
    else if (s.leader !== null) this.#makeFollower(s.leader);
    else this.role = 'none';
    this.note({ event: 'role', role: this.role, leader: this.leader, leaderEpoch: this.leaderEpoch, isr: this.isr, logEndOffset: this.plog.endOffset, highWatermark: this.plog.highWatermark });
  }

  #leaveRole(newLeader: NodeId | null): void {
    this.leaderState?.resign(newLeader);
    this.leaderState = null;
    this.fetcher?.stop();
    this.fetcher = null;
  }

  /** Partition.makeLeader: our log end starts the new epoch in the epoch cache; we never truncate as leader. */
  #makeLeader(): void {
    this.role = 'leader';
    const start = this.plog.endOffset;
    this.plog.assignEpoch(this.leaderEpoch, start);
    this.leaderState = new PartitionLeader(this, start);
    this.leaderState.maybeIncrementHighWatermark();
  }

  #makeFollower(leader: NodeId): void {
    this.role = 'follower';
    if (this.config.truncateToHighWatermark) {
      // Pre-KIP-101 (Partition.makeFollower): entries above our HW may not be committed, so drop them.
      const before = this.plog.endOffset;
      this.plog.truncateTo(this.plog.highWatermark);
      if (this.plog.endOffset < before) {
        this.ctx.cover('kafka-truncate-to-hw');
        this.note({ event: 'truncate', reason: 'high-watermark', from: before, to: this.plog.endOffset });
      }
    }
    this.fetcher = new Fetcher(this, leader, this.leaderEpoch);
    this.fetcher.fetch();
  }

  #refuseFetch(msg: Envelope<FetchRequest>): void {
    const r: FetchResponse = {
      type: 'fetch-response', fetchOffset: msg.body.fetchOffset, leaderEpoch: this.leaderEpoch, entries: [],
      highWatermark: this.plog.highWatermark, logEndOffset: this.plog.endOffset, error: 'NOT_LEADER',
    };
    this.ctx.reply(msg, r);
  }

  #onClient(msg: Envelope, req: ClientRequest): void {
    if (req.type === 'metadata') {
      this.ctx.reply(msg, { type: 'metadata-ok', leader: this.leader, leaderEpoch: this.leaderEpoch, isr: [...this.isr] } satisfies ClientReply);
      return;
    }
    if (this.leaderState === null) {
      this.ctx.reply(msg, { type: 'produce-error', error: 'NOT_LEADER', leader: this.leader } satisfies ClientReply);
      return;
    }
    if (req.type === 'produce') this.leaderState.produce(msg, req.value, req.acks);
    else {
      // A consumer (read_uncommitted) sees what is below the high watermark.
      const values = this.plog.entries.slice(0, this.plog.highWatermark).map((e) => e.value);
      this.ctx.reply(msg, { type: 'committed', values, highWatermark: this.plog.highWatermark } satisfies ClientReply);
    }
  }
}

export function kafkaBroker(config: KafkaConfig): NodeFactory {
  return (id) => new KafkaBroker(id, config);
}
