/** Redis master/replica with Sentinel failover: documented-unsafe configurations and a safe one. */
import { sentinelAsyncFailover } from './async-failover.js';
import { sentinelMinReplicas } from './min-replicas.js';
import { sentinelWaitAll, sentinelWaitOne } from './wait-all.js';

export const SENTINEL_SCENARIOS = [sentinelAsyncFailover, sentinelMinReplicas, sentinelWaitAll, sentinelWaitOne];
