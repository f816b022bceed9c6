import { failoverFaults, isolatedMasterArbitrary } from './nemesis.js';
import { CLIENT_DEFAULTS, CLIENTS, REDIS, REDIS_DEFAULTS, SENTINEL_DEFAULTS, sentinelScenario } from './shared.js';

/**
 * Documented unsafe: Redis replication is asynchronous, so a master cut off with a client keeps
 * acknowledging its writes; Sentinel promotes a replica on the other side, and the old master, when it
 * comes back, is reconfigured as a replica and loses those writes (Sentinel docs, "Consistency under
 * partitions", example 1).
 */
export const sentinelAsyncFailover = sentinelScenario({
  id: 'redis-sentinel/async-failover-loses-writes',
  description: 'Redis + Sentinel, asynchronous replication: a partitioned master keeps acknowledging writes that the failover discards.',
  tags: ['redis-sentinel', 'smoke', 'nightly'],
  expect: 'violation',
  config: { redis: REDIS_DEFAULTS, sentinel: SENTINEL_DEFAULTS, client: CLIENT_DEFAULTS },
  nemesis: { schedule: {}, arbitrary: isolatedMasterArbitrary(REDIS[0]!, CLIENTS[0]!), triggered: failoverFaults(REDIS) },
  seeds: { test: 6, nightly: 100 },
  coverage: [{ goal: 'sentinel-failover-end', atLeast: 1 }, { goal: 'sentinel-reconfigured-old-master', atLeast: 1 }],
});
