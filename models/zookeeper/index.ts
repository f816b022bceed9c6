/** The ZooKeeper model: servers (ZAB), the client workload, and what checkers read from a run. */
export { zkServer, ZkServer, LOG, ROLE_LOG, type RoleLine, type ServerSnapshot } from './server.js';
export { ZkAudit } from './audit.js';
export { zkConfig, DEFAULT_ZK_CONFIG, type ZkConfig } from './config.js';
export { zkCasClient, type ZkClientConfig } from './client.js';
export { DataTree, describeTxn } from './data-tree.js';
export { makeZxid, epochOf, counterOf, showZxid } from './zxid.js';
export type * from './messages.js';
export { ZkSession, type ConnectionState, type SessionConfig, type SessionOutcome } from './session-client.js';
export { acquireLock, zkLockClient, type LockClientConfig, type LockGrant } from './recipes.js';
export { LeaderLatch, leaderLatchClient, type LeaderLatchConfig } from './leader-latch.js';
