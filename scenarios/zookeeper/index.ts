/** ZooKeeper scenarios: the safe ensemble and the documented pre-fix anomalies. */
import { zkSafe, zkSafeSmoke } from './safe.js';
import { zk1154 } from './zk-1154.js';
import { zk3911 } from './zk-3911.js';
import { zkSyncStaleRead } from './sync-stale-read.js';
import { zkLockPausedHolder, zkLockPausedHolderFenced } from './lock-paused-holder.js';
import { zkLeaderLatch } from './leader-latch.js';

export { zkSafe, zkSafeSmoke, zk1154, zk3911, zkSyncStaleRead, zkLockPausedHolder, zkLockPausedHolderFenced, zkLeaderLatch };
export const ZOOKEEPER_SCENARIOS = [zkSafeSmoke, zkSafe, zk1154, zk3911, zkSyncStaleRead, zkLockPausedHolder, zkLockPausedHolderFenced, zkLeaderLatch];
