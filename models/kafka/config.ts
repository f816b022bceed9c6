/**
 * Settings of one Kafka topic with a single partition replicated on `brokers`, and its controller. Times are
 * scaled down from production (replica.lag.time.max.ms 30 s, broker.session.timeout.ms 9 s) so a run of a
 * few simulated seconds sees ISR changes and elections; their order follows Kafka's defaults.
 */
import type { NodeId } from '../../harness/index.js';

export interface KafkaConfig {
  /** The partition's replica set, in assignment order (the first is the preferred leader). */
  brokers: NodeId[];
  /** The (single, simplified) KRaft active controller. */
  controller: NodeId;
  /** min.insync.replicas: acks=all needs an ISR at least this large. */
  minInsyncReplicas: number;
  /** unclean.leader.election.enable: with no live ISR member, elect any live replica. */
  uncleanLeaderElection: boolean;
  /**
   * Pre-KIP-101 behaviour (Kafka before 0.11): a follower truncates its log to its own high watermark when
   * it becomes follower (so also after a restart) and the leader does not check that the follower's log
   * matches its own; a follower ahead of the leader truncates to the leader's end on OFFSET_OUT_OF_RANGE.
   * `false` (the fix): the follower sends the epoch of its last entry with each fetch and truncates to the
   * end of the last epoch it shares with the leader (KIP-101, KIP-279, KIP-320's diverging epoch).
   */
  truncateToHighWatermark: boolean;
  /**
   * A restarted broker registers a new incarnation and the controller fences its previous self at once: out
   * of the ISR, leadership moved in a new leader epoch (KIP-631 BrokerRegistration; KIP-380 broker epochs in
   * ZooKeeper mode, Kafka 2.2; KIP-903). `false`: Kafka before 2.2, where a broker that bounced before its
   * ZooKeeper session expired could go unnoticed by the controller (KAFKA-1120) and kept its leadership and
   * ISR membership with whatever log survived. Optional; default true.
   */
  fenceRestartedBrokers?: boolean;
  /**
   * KIP-966 Eligible Leader Replicas (eligible.leader.replicas.version=1; Kafka 4.0 opt-in, on by default for
   * new 4.1 clusters). The HW advances only while the ISR has min.insync.replicas members; replicas that leave
   * the ISR below that become eligible leaders (the ISR may then empty), and one of them is elected when no ISR
   * member is left; a broker registering after an unclean shutdown leaves the ELR. `false` (default): Kafka
   * before KIP-966, where the last ISR member stays in the ISR and is elected again even after it lost an
   * unflushed suffix in an unclean shutdown (the "last replica standing" loss).
   */
  eligibleLeaderReplicas?: boolean;
  /** replica.lag.time.max.ms: a follower not caught up for this long leaves the ISR. */
  replicaLagTimeMaxMs: number;
  /** broker.session.timeout.ms: the controller fences a broker whose heartbeats stop for this long. */
  sessionTimeoutMs: number;
  /** broker.heartbeat.interval.ms. */
  heartbeatMs: number;
  /** replica.fetch.wait.max.ms: how long the leader holds a fetch that finds no new entries. */
  fetchWaitMs: number;
  /**
   * 'always': fsync each append before it counts; 'interval': the log reaches the disk once its oldest unflushed
   * write is flushIntervalMs old (log.flush.interval.ms, or the OS writing back the page cache: Kafka's default
   * is to rely on replication and never fsync the log).
   */
  flush: 'always' | 'interval';
  flushIntervalMs?: number;
  /** replica.high.watermark.checkpoint.interval.ms (Kafka 5 s). Not in the contract: an optional extra. */
  hwCheckpointIntervalMs?: number;
}

export const DEFAULT_KAFKA_CONFIG: KafkaConfig = {
  brokers: ['b1', 'b2', 'b3'],
  controller: 'ctl',
  minInsyncReplicas: 2,
  uncleanLeaderElection: false,
  truncateToHighWatermark: false,
  replicaLagTimeMaxMs: 300,
  sessionTimeoutMs: 180,
  heartbeatMs: 40,
  fetchWaitMs: 50,
  flush: 'always',
  flushIntervalMs: 100,
  hwCheckpointIntervalMs: 100,
};

export function kafkaConfig(overrides: Partial<KafkaConfig> = {}): KafkaConfig {
  return { ...DEFAULT_KAFKA_CONFIG, ...overrides };
}
