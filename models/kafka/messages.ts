/** Messages between brokers, the controller and clients (the shapes of the Kafka contract). */
import type { NodeId } from '../../harness/index.js';

export interface LogEntry {
  offset: number;
  /** The leader epoch in which the entry was appended (stamped on the record batch by the leader). */
  epoch: number;
  value: number;
}

/** The controller's record of the partition (KRaft's PartitionRecord / PartitionChangeRecord). */
export interface PartitionState {
  leader: NodeId | null;
  leaderEpoch: number;
  isr: NodeId[];
  /**
   * KIP-966 eligible leader replicas: replicas that left the ISR while it was below min.insync.replicas, so
   * they hold everything up to the high watermark (which cannot advance then). Empty unless the option is on.
   */
  elr: NodeId[];
  /** KIP-966: the leader when the ISR became empty (Kafka keeps it in LastKnownElr); null otherwise. */
  lastKnownLeader: NodeId | null;
  /** Bumped by every change, ISR-only changes included (KIP-497's partition epoch). */
  partitionEpoch: number;
}

export interface LeaderAndIsr extends PartitionState {
  type: 'leader-and-isr';
  /**
   * The registered broker epoch of each broker (KRaft's BrokerRegistration records in the metadata image).
   * A broker acts only on state that names its own current epoch (LeaderAndIsr's brokerEpoch, KIP-380); a
   * leader refuses fetches from an older incarnation of a follower.
   */
  brokerEpochs: Record<NodeId, number>;
}

/**
 * KIP-631 BrokerRegistration: sent at every start with a fresh incarnation id. The controller answers with
 * a new broker epoch, and fences the broker's previous incarnation.
 */
export interface BrokerRegistration {
  type: 'register-broker';
  incarnationId: string;
  /**
   * KIP-966: the broker epoch a controlled shutdown wrote to the clean-shutdown file, -1 without one. The
   * controller takes any other value than the previous registration's epoch for an unclean shutdown.
   */
  previousBrokerEpoch: number;
}

export interface BrokerRegistrationReply {
  type: 'register-broker-reply';
  incarnationId: string;
  brokerEpoch: number;
}

/** KIP-631 BrokerHeartbeat; it carries the partition state the broker knows, so the controller can resend a newer one. */
export interface Heartbeat {
  type: 'heartbeat';
  /** From the registration reply; a heartbeat with another epoch than the registered one is refused. */
  brokerEpoch: number;
  leaderEpoch: number;
  partitionEpoch: number;
}

/** KIP-497 AlterPartition, from the leader. */
export interface AlterPartition {
  type: 'alter-partition';
  /** The leader's own broker epoch: an AlterPartition from an older incarnation is refused. */
  brokerEpoch: number;
  isr: NodeId[];
  /** KIP-903 NewIsrWithEpochs: the broker epoch of each ISR member, as its fetches gave it (-1: unknown). */
  isrBrokerEpochs: Record<NodeId, number>;
  leaderEpoch: number;
  partitionEpoch: number;
}

export interface AlterPartitionError {
  type: 'alter-partition-error';
  error: 'FENCED_LEADER_EPOCH' | 'INVALID_UPDATE_VERSION' | 'INELIGIBLE_REPLICA' | 'NOT_LEADER' | 'STALE_BROKER_EPOCH';
}

export interface FetchRequest {
  type: 'fetch';
  replica: NodeId;
  /** KIP-903 ReplicaEpoch: the follower's broker epoch, so the leader can tell its incarnations apart. */
  replicaEpoch: number;
  fetchOffset: number;
  /** Epoch of the follower's last entry (-1 for an empty log): the leader checks it (KIP-320 diverging epoch). */
  lastFetchedEpoch: number;
  /** The leader epoch the follower knows (KIP-320 fencing); not in the contract. */
  currentLeaderEpoch: number;
}

export type FetchError = 'NOT_LEADER' | 'FENCED_LEADER_EPOCH' | 'UNKNOWN_LEADER_EPOCH' | 'OFFSET_OUT_OF_RANGE' | 'STALE_BROKER_EPOCH';

export interface FetchResponse {
  type: 'fetch-response';
  /** The fetch this answers. */
  fetchOffset: number;
  leaderEpoch: number;
  entries: LogEntry[];
  highWatermark: number;
  logEndOffset: number;
  error?: FetchError;
  /** The follower's log diverges from ours: the end offset of the last epoch we share (KIP-279/KIP-320). */
  divergingEpoch?: { epoch: number; endOffset: number };
}

export type ProduceError = 'NOT_LEADER' | 'NOT_ENOUGH_REPLICAS' | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' | 'TIMEOUT';

export type ClientRequest =
  | { type: 'produce'; value: number; acks: 'all' | 1 }
  | { type: 'fetch-committed' }
  | { type: 'metadata' };

export type ClientReply =
  | { type: 'produce-ok'; offset: number }
  | { type: 'produce-error'; error: ProduceError; leader: NodeId | null }
  | { type: 'committed'; values: number[]; highWatermark: number }
  | { type: 'metadata-ok'; leader: NodeId | null; leaderEpoch: number; isr: NodeId[] };

/** Prefix of the log lines for reports: `kafka {json}`. */
export const KAFKA_LOG = 'kafka ';
