/** Redis-based locks: the single-instance lock, Redlock, the client workload and the protected resource. */
export { lockClient, type LockClientConfig } from './client.js';
export { redlock, type RedlockConfig } from './redlock.js';
export { singleInstanceLock, type SingleLockConfig } from './single.js';
export { resourceNode, WRITES_LOG, type AcceptedWrite, type ResourceConfig, type ResourceWriteReply, type ResourceWriteRequest } from './resource.js';
export { driftAllowanceMs, type Grant, type LockService } from './service.js';
