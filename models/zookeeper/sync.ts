/**
 * ZAB phase 2, synchronisation: the leader makes each learner's log equal to its own history
 * (LearnerHandler.syncFollower), then sends NEWLEADER; a learner that has the history durably ACKs it;
 * a quorum of ACKs commits the leader's initial history and the leader sends UPTODATE.
 */
import type { ZkConfig } from './config.js';
import type { SyncMode, Txn } from './messages.js';

/** Index of the entry with `zxid` in a zxid-ordered log, or -1. */
export function indexOfZxid(log: readonly Txn[], zxid: number): number {
  let lo = 0;
  let hi = log.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const z = (log[mid] as Txn).zxid;
    if (z === zxid) return mid;
    if (z < zxid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Number of entries with zxid <= `zxid`. */
export function countUpTo(log: readonly Txn[], zxid: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((log[mid] as Txn).zxid <= zxid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SyncPlan {
  mode: SyncMode;
  /** TRUNC: the learner drops every entry after this zxid first. */
  truncZxid: number | null;
  txns: Txn[];
}

/** Chooses DIFF, TRUNC or SNAP from the learner's last zxid and the leader's log. */
export function planSync(leaderLog: readonly Txn[], peerLastZxid: number, config: ZkConfig): SyncPlan {
  const leaderLast = leaderLog.at(-1)?.zxid ?? 0;
  if (peerLastZxid === leaderLast) return { mode: 'DIFF', truncZxid: null, txns: [] };
  if (peerLastZxid > leaderLast) return { mode: 'TRUNC', truncZxid: leaderLast, txns: [] };
  const found = peerLastZxid === 0 ? -1 : indexOfZxid(leaderLog, peerLastZxid);
  const behind = leaderLog.length - countUpTo(leaderLog, peerLastZxid);
  if (peerLastZxid === 0 || behind > config.snapThresholdTxns) return { mode: 'SNAP', truncZxid: null, txns: [...leaderLog] };
  const after = leaderLog.slice(countUpTo(leaderLog, peerLastZxid));
  if (found >= 0) return { mode: 'DIFF', truncZxid: null, txns: after };
  // The learner's last txn is not in our history: it was proposed by an old leader and never committed.
  if (config.syncDiffInsteadOfTrunc) {
    // ZOOKEEPER-1154 (pre-fix): send the later txns as a DIFF; the learner keeps its stray txn.
    return { mode: 'DIFF', truncZxid: null, txns: after };
  }
  // The fix: TRUNC to the last zxid we share, then DIFF from there.
  const common = countUpTo(leaderLog, peerLastZxid);
  const truncZxid = common === 0 ? 0 : (leaderLog[common - 1] as Txn).zxid;
  return { mode: 'TRUNC', truncZxid, txns: after };
}

/** A learner applies a sync plan to its log (not yet fsynced: the caller decides when). */
export function applySyncPlan(storage: { truncate(log: string, length: number): void; append(log: string, entry: unknown): void; readLog(log: string): readonly unknown[] }, logName: string, plan: SyncPlan): void {
  const log = () => storage.readLog(logName) as readonly Txn[];
  if (plan.mode === 'SNAP') storage.truncate(logName, 0);
  else if (plan.truncZxid !== null) storage.truncate(logName, countUpTo(log(), plan.truncZxid));
  for (const txn of plan.txns) {
    if (txn.zxid > (log().at(-1)?.zxid ?? 0)) storage.append(logName, txn);
  }
}
