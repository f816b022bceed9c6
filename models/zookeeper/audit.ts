/**
 * What servers report for the checkers: every commit (zxid and txn) and every leader established.
 * Observation only: a model writes to it and never reads from it, so it cannot change a run. One
 * audit is shared by the servers of one run (scenario.build makes it) and outlives their restarts,
 * which is why it exists: `sim.nodeState` shows only a server's current incarnation.
 */
import type { NodeId } from '../../harness/index.js';
import { describeTxn } from './data-tree.js';
import type { Txn } from './messages.js';
import { showZxid } from './zxid.js';

export interface CommitConflict {
  zxid: string;
  server: NodeId;
  txn: string;
  firstServer: NodeId;
  firstTxn: string;
}

export interface RoleChange {
  server: NodeId;
  /** The server's monotonic clock, ms (servers do not see true time). */
  localMs: number;
  incarnation: number;
  state: string;
  epoch: number;
  leader: NodeId | null;
}

export class ZkAudit {
  /** zxid -> the txn first committed at it, and by whom. */
  readonly committed = new Map<number, { txn: string; server: NodeId }>();
  readonly conflicts: CommitConflict[] = [];
  /** zxid -> txn committed by a leader: committed in ZAB's sense (a quorum logged it). */
  readonly leaderCommitted = new Map<number, { txn: string; leader: NodeId }>();
  /** Every (epoch, leader) that reached a quorum of NEWLEADER acks. */
  readonly established: { epoch: number; leader: NodeId }[] = [];

  commit(server: NodeId, txn: Txn, asLeader: boolean): void {
    const text = describeTxn(txn);
    if (asLeader && !this.leaderCommitted.has(txn.zxid)) this.leaderCommitted.set(txn.zxid, { txn: text, leader: server });
    const first = this.committed.get(txn.zxid);
    if (first === undefined) this.committed.set(txn.zxid, { txn: text, server });
    else if (first.txn !== text && this.conflicts.length < 100) {
      this.conflicts.push({ zxid: showZxid(txn.zxid), server, txn: text, firstServer: first.server, firstTxn: first.txn });
    }
  }

  establish(epoch: number, leader: NodeId): void {
    this.established.push({ epoch, leader });
  }
}
