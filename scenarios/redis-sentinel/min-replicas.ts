import { failoverFaults, isolatedMasterArbitrary } from './nemesis.js';
import { CLIENT_DEFAULTS, CLIENTS, REDIS, REDIS_DEFAULTS, SENTINEL_DEFAULTS, sentinelScenario } from './shared.js';

/**
 * Documented unsafe, with a bound: `min-replicas-to-write 1` makes the partitioned master refuse writes
 * once no replica has acknowledged for `min-replicas-max-lag`, but the writes it took before then are
 * still lost in the failover (Sentinel docs, "Consistency under partitions"; redis.conf). The lag is
 * 3 s here against Redis's default 10 s, scaled like the scenario's other timeouts.
 */
export const sentinelMinReplicas = sentinelScenario({
  id: 'redis-sentinel/min-replicas-window',
  description: 'Redis + Sentinel with min-replicas-to-write 1 (max lag 3 s): writes taken inside the lag window are still lost.',
  tags: ['redis-sentinel', 'nightly'],
  expect: 'violation',
  config: {
    redis: { ...REDIS_DEFAULTS, minReplicasToWrite: 1, minReplicasMaxLagMs: 3000 },
    sentinel: SENTINEL_DEFAULTS,
    client: CLIENT_DEFAULTS,
  },
  nemesis: { schedule: {}, arbitrary: isolatedMasterArbitrary(REDIS[0]!, CLIENTS[0]!), triggered: failoverFaults(REDIS) },
  seeds: { test: 6, nightly: 100 },
  coverage: [{ goal: 'redis-noreplicas', atLeast: 1 }, { goal: 'sentinel-failover-end', atLeast: 1 }],
});
