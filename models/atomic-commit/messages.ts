/** Messages of the atomic-commit models. */
import type { Outcome } from '../../harness/index.js';

export type { Outcome };

/** 2PC and 3PC. */
export type CommitMessage =
  | { type: 'begin'; txn: string }
  | { type: 'prepare'; txn: string; participants: string[] }
  | { type: 'vote'; txn: string; vote: 'yes' | 'no' }
  | { type: 'pre-commit'; txn: string }
  | { type: 'pre-commit-ack'; txn: string }
  | { type: 'decision'; txn: string; outcome: Outcome }
  | { type: 'ack'; txn: string }
  | { type: 'decision-request'; txn: string };

/** The coordinator's answer to `begin`. */
export interface OutcomeReply { outcome: Outcome }

/** TCC. The initiator (a client) registers with the coordinator, tries each participant, then ends. */
export type TccMessage =
  | { type: 'tcc-begin'; txn: string; participants: string[] }
  /** A branch registered before its try (as Seata's TCC proxy does): only registered branches are confirmed or cancelled. */
  | { type: 'tcc-register'; txn: string; participant: string }
  | { type: 'tcc-end'; txn: string; outcome: Outcome }
  | { type: 'try'; txn: string; amount: number }
  | { type: 'confirm'; txn: string }
  | { type: 'cancel'; txn: string }
  /** A participant's answer to a try, confirm or cancel. */
  | { type: 'branch-result'; txn: string; ok: boolean };
