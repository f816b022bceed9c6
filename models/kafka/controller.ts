/**
 * The controller (KRaft's active controller, reduced to one node that keeps its records in its own storage
 * instead of a Raft log). It tracks broker sessions from heartbeats (KIP-631), fences a broker silent for
 * sessionTimeoutMs, elects leaders, commits the leader's AlterPartition requests (KIP-497), and pushes every
 * change of the partition to the brokers as leader-and-isr. Each change goes through changePartition
 * (partition-change.ts: ISR, KIP-966 eligible leader replicas, election).
 *
 * Broker registration (KIP-631): a broker registers at every start with a new incarnation id and gets a new
 * broker epoch, which it sends in its heartbeats. A new incarnation fences the previous one at once (it may
 * have lost unflushed log entries): out of the ISR, a new leader (new leader epoch) if it led; it is unfenced
 * at its first heartbeat and rejoins the ISR only when the leader finds it caught up, with its current epoch
 * (KIP-903). With KIP-966 a registration whose previousBrokerEpoch is not the previous registration's epoch
 * is an unclean shutdown, which also takes the broker out of the ELR. Heartbeats and AlterPartitions with a
 * stale broker epoch are refused.
 */
import type { Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../harness/index.js';
import type { KafkaConfig } from './config.js';
import { KAFKA_LOG, type AlterPartition, type AlterPartitionError, type BrokerRegistration, type BrokerRegistrationReply, type ClientReply, type Heartbeat, type LeaderAndIsr, type PartitionState } from './messages.js';
import { changePartition, type ChangeRules } from './partition-change.js';

const STATE_KEY = 'controller-state';
const SESSION_TIMER = 'sessions';

interface Registration {
  incarnationId: string;
  brokerEpoch: number;
}

/** What KRaft keeps in its metadata log: the partition records and the broker registrations (with their fencing). */
interface Durable {
  partition: PartitionState;
  fenced: NodeId[];
  registrations: Record<NodeId, Registration>;
  /** The last broker epoch handed out (KRaft uses the offset of the registration record). */
  lastBrokerEpoch: number;
}

export class KafkaController implements NodeBehavior {
  ctx!: NodeContext;
  partition!: PartitionState;
  readonly fenced = new Set<NodeId>();
  readonly registrations = new Map<NodeId, Registration>();
  #lastBrokerEpoch = 0;
  readonly #lastHeartbeatMs = new Map<NodeId, number>();

  constructor(
    readonly id: NodeId,
    readonly config: KafkaConfig,
  ) {}

  get leader(): NodeId | null {
    return this.partition.leader;
  }

  get leaderEpoch(): number {
    return this.partition.leaderEpoch;
  }

  get isr(): readonly NodeId[] {
    return this.partition.isr;
  }

  init(ctx: NodeContext): void {
    this.ctx = ctx;
    const saved = ctx.storage.get(STATE_KEY) as Durable | undefined;
    // Every registered broker gets a fresh session when a controller takes over.
    for (const b of this.config.brokers) this.#lastHeartbeatMs.set(b, ctx.monotonicNow());
    if (saved === undefined) {
      // Topic creation: the preferred replica leads and every replica is in sync.
      const brokers = this.config.brokers;
      this.partition = { leader: brokers[0] ?? null, leaderEpoch: 0, isr: [...brokers], elr: [], lastKnownLeader: null, partitionEpoch: 0 };
      this.#persist();
      ctx.cover('kafka-leader-elected');
      this.#note('created');
    } else {
      this.partition = { ...saved.partition, isr: [...saved.partition.isr], elr: [...saved.partition.elr] };
      for (const b of saved.fenced) this.fenced.add(b);
      for (const [b, r] of Object.entries(saved.registrations)) this.registrations.set(b, { ...r });
      this.#lastBrokerEpoch = saved.lastBrokerEpoch;
    }
    for (const b of this.config.brokers) this.#push(b);
    ctx.setTimer(this.config.heartbeatMs, SESSION_TIMER);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const body = msg.body as { type: string };
    if (body.type === 'metadata') {
      const { leader, leaderEpoch, isr } = this.partition;
      ctx.reply(msg, { type: 'metadata-ok', leader, leaderEpoch, isr: [...isr] } satisfies ClientReply);
    } else if (!this.config.brokers.includes(msg.from)) {
      return;
    } else if (body.type === 'register-broker') this.#onRegister(msg, body as BrokerRegistration);
    else if (body.type === 'heartbeat') this.#onHeartbeat(msg.from, body as Heartbeat);
    else if (body.type === 'alter-partition') this.#onAlterPartition(msg.from, body as AlterPartition);
  }

  onTimer(ctx: NodeContext): void {
    const now = ctx.monotonicNow();
    for (const b of this.config.brokers) {
      if (!this.fenced.has(b) && now - (this.#lastHeartbeatMs.get(b) ?? now) > this.config.sessionTimeoutMs) this.#fence(b);
    }
    ctx.setTimer(this.config.heartbeatMs, SESSION_TIMER);
  }

  /**
   * KIP-631: every start registers a new incarnation with a new broker epoch, and the controller fences the
   * previous incarnation even if its session has not expired: it may have restarted with a shorter log (flush
   * 'interval'), so it must not stay in the ISR nor lead on in the same leader epoch (KIP-903). With KIP-966
   * an unclean shutdown (handleBrokerUncleanShutdown) also takes it out of the ELR: its log may end below the HW.
   */
  #onRegister(msg: Envelope, req: BrokerRegistration): void {
    const broker = msg.from;
    let reg = this.registrations.get(broker);
    if (reg?.incarnationId !== req.incarnationId) {
      const previous = reg;
      reg = { incarnationId: req.incarnationId, brokerEpoch: ++this.#lastBrokerEpoch };
      this.registrations.set(broker, reg);
      this.#lastHeartbeatMs.set(broker, this.ctx.monotonicNow());
      this.#note('registered', { broker, brokerEpoch: reg.brokerEpoch });
      if (previous !== undefined && this.config.fenceRestartedBrokers !== false) {
        this.ctx.cover('kafka-fence-restarted-broker');
        const unclean = this.config.eligibleLeaderReplicas === true && req.previousBrokerEpoch !== previous.brokerEpoch;
        if (unclean) {
          this.ctx.cover('kafka-unclean-shutdown');
          this.#note('unclean-shutdown', { broker });
        }
        this.#fence(broker, unclean);
      } else this.#persist();
    }
    this.ctx.reply(msg, { type: 'register-broker-reply', incarnationId: reg.incarnationId, brokerEpoch: reg.brokerEpoch } satisfies BrokerRegistrationReply);
    this.#push(broker);
  }

  #onHeartbeat(broker: NodeId, hb: Heartbeat): void {
    // A heartbeat of an older incarnation (or from before registration) is refused.
    if (this.registrations.get(broker)?.brokerEpoch !== hb.brokerEpoch) return;
    this.#lastHeartbeatMs.set(broker, this.ctx.monotonicNow());
    if (this.fenced.has(broker)) {
      this.fenced.delete(broker);
      this.#persist();
      this.#note('unfenced', { broker });
      // An offline partition gets a leader as soon as an eligible replica is back (handleBrokerUnfenced).
      if (this.partition.leader === null) this.#apply(this.partition.isr);
      this.#push(broker);
    } else if (hb.leaderEpoch !== this.partition.leaderEpoch || hb.partitionEpoch !== this.partition.partitionEpoch) {
      this.#push(broker);
    }
  }

  /**
   * Fencing takes the broker out of the ISR (without KIP-966 never emptying it) and, if it led, elects another
   * leader; `uncleanShutdown` takes it out of the ELR as well.
   */
  #fence(broker: NodeId, uncleanShutdown = false): void {
    this.fenced.add(broker);
    this.#note('fenced', { broker });
    if (!this.#apply(this.partition.isr.filter((b) => b !== broker), uncleanShutdown ? broker : null)) this.#persist();
  }

  #rules(): ChangeRules {
    return {
      replicas: this.config.brokers,
      minInsyncReplicas: this.config.minInsyncReplicas,
      eligibleLeaderReplicas: this.config.eligibleLeaderReplicas === true,
      uncleanLeaderElection: this.config.uncleanLeaderElection,
      acceptable: (b) => !this.fenced.has(b),
    };
  }

  /** Commits the partition with `isr` as its target ISR, if anything changes; a new leader bumps the leader epoch. */
  #apply(isr: readonly NodeId[], uncleanShutdown: NodeId | null = null): boolean {
    const change = changePartition(this.partition, isr, this.#rules(), uncleanShutdown);
    if (change === null) return false;
    const newLeader = change.state.leader !== this.partition.leader;
    this.partition = change.state;
    this.#persist();
    if (change.state.isr.length === 1) this.ctx.point('kafka:isr-shrunk-to-one', change.state.isr.join(',')); // one replica acknowledges alone (min.insync.replicas 1)
    if (change.election !== 'none') this.ctx.cover('kafka-leader-elected');
    if (newLeader && change.state.leader !== null) this.ctx.point('kafka:leader-elected', `${change.state.leader} epoch ${change.state.leaderEpoch}`);
    if (change.election === 'elr') this.ctx.cover('kafka-elr-election');
    if (change.election === 'unclean') this.ctx.cover('kafka-unclean-election');
    if (change.election === 'last-known-leader') this.ctx.cover('kafka-last-known-leader-election');
    this.#note(newLeader ? 'leader-change' : 'isr-change', change.election === 'none' ? {} : { election: change.election });
    for (const b of this.config.brokers) this.#push(b);
    return true;
  }

  #onAlterPartition(from: NodeId, req: AlterPartition): void {
    const p = this.partition;
    const sameIsr = req.isr.length === p.isr.length && req.isr.every((b) => p.isr.includes(b));
    let error: AlterPartitionError['error'] | null = null;
    if (from !== p.leader) error = 'NOT_LEADER';
    else if (req.brokerEpoch !== this.registrations.get(from)?.brokerEpoch) error = 'STALE_BROKER_EPOCH';
    else if (req.leaderEpoch !== p.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
    else if (req.partitionEpoch !== p.partitionEpoch) error = sameIsr ? null : 'INVALID_UPDATE_VERSION';
    // A fenced broker cannot join the ISR (KIP-841).
    else if (req.isr.some((b) => this.fenced.has(b) && !p.isr.includes(b))) error = 'INELIGIBLE_REPLICA';
    // Nor an incarnation other than the registered one: the leader saw it caught up before it restarted (KIP-903).
    else if (req.isr.some((b) => !p.isr.includes(b) && req.isrBrokerEpochs[b] !== this.registrations.get(b)?.brokerEpoch)) error = 'INELIGIBLE_REPLICA';
    if (error !== null || req.partitionEpoch !== p.partitionEpoch) {
      // Refused, or a resend of a change already made: the leader gets the current state.
      this.#push(from);
      if (error !== null) this.ctx.send(from, { type: 'alter-partition-error', error } satisfies AlterPartitionError);
      return;
    }
    if (!req.isr.includes(from)) return;
    this.#apply(req.isr);
  }

  #push(broker: NodeId): void {
    const brokerEpochs: Record<NodeId, number> = {};
    for (const [b, r] of this.registrations) brokerEpochs[b] = r.brokerEpoch;
    const p = this.partition;
    this.ctx.send(broker, { type: 'leader-and-isr', ...p, isr: [...p.isr], elr: [...p.elr], brokerEpochs } satisfies LeaderAndIsr);
  }

  #persist(): void {
    this.ctx.storage.set(STATE_KEY, {
      partition: this.partition, fenced: [...this.fenced],
      registrations: Object.fromEntries(this.registrations), lastBrokerEpoch: this.#lastBrokerEpoch,
    } satisfies Durable);
    this.ctx.storage.fsync();
  }

  #note(event: string, extra: Record<string, unknown> = {}): void {
    this.ctx.log(KAFKA_LOG + JSON.stringify({ node: this.id, event, ...extra, ...this.partition }));
  }
}

export function kafkaController(config: KafkaConfig): NodeFactory {
  return (id) => new KafkaController(id, config);
}
