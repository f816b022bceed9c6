/** Consistent-hash routing of a key-value cache, membership from the ZooKeeper model. */
export { HashRing, hash32 } from './ring.js';
export type { RoutingConfig, ViewPush, KvRequest, KvReply } from './config.js';
export { CacheNode, cacheNode } from './cache-node.js';
export { membershipAgent } from './agent.js';
export { cacheClient } from './client.js';
