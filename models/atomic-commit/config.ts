/** Settings shared by the atomic-commit models. Times are ms of the node's monotonic clock. */
import type { NodeId } from '../../harness/index.js';

export interface TwoPhaseConfig {
  coordinator: NodeId;
  participants: NodeId[];
  /** The coordinator aborts a transaction whose votes are not all in by then. */
  voteTimeoutMs: number;
  /** The coordinator resends a decision to participants that have not acknowledged it, this often. */
  resendMs: number;
  /** A participant in doubt asks for the outcome this often. */
  inDoubtRetryMs: number;
  /** Chance that a participant refuses a transaction (a lock conflict, a constraint), voting no. */
  voteNoProbability: number;
  /**
   * Cooperative termination: a participant in doubt also asks the other participants; one that has decided
   * answers, and one that has not voted yet aborts and answers abort (it may: it never voted yes).
   */
  cooperativeTermination: boolean;
}

export interface ThreePhaseConfig {
  coordinator: NodeId;
  participants: NodeId[];
  /** Coordinator: votes (canCommit) not all in by then: abort. */
  voteTimeoutMs: number;
  /** Coordinator: preCommit acks not all in by then: commit with a majority of acks, else abort. */
  ackTimeoutMs: number;
  /** Participant: voted yes, no preCommit (or abort) by then: abort on its own. */
  preCommitTimeoutMs: number;
  /** Participant: preCommitted, no doCommit (or abort) by then: commit on its own. */
  doCommitTimeoutMs: number;
  voteNoProbability: number;
}

/** Client of 2PC or 3PC: submits transactions to the coordinator one after another. */
export interface CommitClientConfig {
  coordinator: NodeId;
  /** How long the client waits for the outcome; after that it does not know (info). */
  timeoutMs: number;
  thinkMs: [number, number];
}

export interface TccConfig {
  coordinator: NodeId;
  participants: NodeId[];
  /** The initiator's wait for each try; past it the try counts as failed and the transaction is cancelled. */
  tryTimeoutMs: number;
  /** The initiator's wait for the coordinator. */
  coordinatorTimeoutMs: number;
  /** The coordinator rolls back a transaction not ended by its initiator within this. */
  globalTimeoutMs: number;
  /** The coordinator retries unacknowledged confirms and cancels this often (forever, as Seata by default). */
  retryMs: number;
  /** Chance that a try is refused (insufficient funds, a business check). */
  refuseProbability: number;
  /** Empty-rollback guard: a cancel for a transaction this participant never tried succeeds (else it fails, and is retried). */
  emptyRollbackGuard: boolean;
  /** Suspension guard: such a cancel leaves a record, and a try that arrives after it is refused (else it reserves, for good). */
  suspensionGuard: boolean;
  thinkMs: [number, number];
}
