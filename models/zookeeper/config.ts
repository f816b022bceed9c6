/**
 * ZooKeeper ensemble settings. Times are scaled down from production (tickTime 2000 ms) so a run of a few
 * simulated seconds sees many elections; the ratios between them follow zoo.cfg defaults.
 */
export interface ZkConfig {
  /** ZooKeeper's basic time unit (zoo.cfg `tickTime`). */
  tickMs: number;
  /** Ticks a follower may take to connect and sync with a leader (zoo.cfg `initLimit`). */
  initLimit: number;
  /** Ticks a follower may lag or be silent before it is dropped (zoo.cfg `syncLimit`). */
  syncLimit: number;
  /** FastLeaderElection's `finalizeWait`: how long to wait for a better vote once a quorum agrees. */
  finalizeWaitMs: number;
  /** How often a LOOKING server re-sends its vote when nothing is decided. */
  notificationResendMs: number;
  /** A follower further behind than this many txns is sent a SNAP instead of a DIFF (snapshotSizeFactor's role). */
  snapThresholdTxns: number;
  /**
   * ZOOKEEPER-1154 (pre-fix): a follower whose last zxid is an uncommitted txn of an old epoch, absent
   * from the leader's log, is sent a DIFF of the leader's later txns instead of a TRUNC first; it keeps a
   * transaction that was never committed, and the logs diverge.
   */
  syncDiffInsteadOfTrunc: boolean;
  /**
   * ZOOKEEPER-3911 / ZOOKEEPER-4646 (pre-fix): a follower ACKs NEWLEADER before the synced txns are in its
   * log and fsynced (they are written when UPTODATE arrives). A leader counts that ACK towards the quorum
   * that commits its initial history, so a crash of the follower in between loses a committed txn.
   */
  ackNewLeaderBeforePersist: boolean;
  /**
   * `true`: a client's `sync` is a no-op txn that commits through a quorum (PROPOSAL/ACK/COMMIT), so
   * sync + read is linearizable: STRONGER THAN REAL ZOOKEEPER. `false` (real ZooKeeper, the default): a
   * follower forwards the sync to its leader, which proposes nothing and answers with a SYNC once the
   * proposals it had outstanding are committed (at once if none); a deposed leader that has not yet
   * noticed it lost its quorum (within syncLimit) still answers, so sync + read can be stale
   * (ZooKeeper Programmer's Guide on sync; ZOOKEEPER-1675).
   */
  syncThroughQuorum: boolean;
}

export const DEFAULT_ZK_CONFIG: ZkConfig = {
  tickMs: 10,
  initLimit: 10,
  syncLimit: 5,
  finalizeWaitMs: 5,
  notificationResendMs: 50,
  snapThresholdTxns: 200,
  syncDiffInsteadOfTrunc: false,
  ackNewLeaderBeforePersist: false,
  syncThroughQuorum: false,
};

export function zkConfig(overrides: Partial<ZkConfig> = {}): ZkConfig {
  return { ...DEFAULT_ZK_CONFIG, ...overrides };
}
