/** The Redis Sentinel model: Sentinel nodes that monitor one replicated Redis master and fail it over. */
export { Sentinel, sentinelNode, type PeerSentinel, type SentinelSnapshot } from './sentinel.js';
export { validateConfig, type SentinelConfig } from './config.js';
export { rankReplicas, type Failover } from './failover.js';
export type { Instance } from './monitor.js';
export * from './messages.js';
