import { failoverFaults } from './nemesis.js';
import { CLIENT_DEFAULTS, CLIENTS, REDIS, REDIS_DEFAULTS, SENTINEL_DEFAULTS, SENTINELS, sentinelScenario } from './shared.js';

/** The nemesis both WAIT scenarios share: partitions (clients included), crashes of Redis nodes and Sentinels, pauses, drift, slow links. */
const NEMESIS = {
  schedule: {
    kinds: ['partition', 'crash', 'pause', 'clock-drift', 'link'] as const,
    // Partitions and crashes long enough for down-after and an election drive most failovers.
    weights: { partition: 3, crash: 2 },
    maxFaults: 6,
    minDurationUs: 100_000,
    maxDurationUs: 6_000_000,
    partitionNodes: 'all' as const,
    crashNodes: [...REDIS, ...SENTINELS],
    pauseNodes: [...REDIS, ...SENTINELS],
    linkNodes: [...REDIS, ...SENTINELS, ...CLIENTS],
    linkLatencyMsMax: 50,
    linkJitterMsMax: 20,
    driftPpmMax: 500,
  },
  // Sentinels too: crashing the one that just promoted is where a config flushed too early undid the failover.
  triggered: failoverFaults([...REDIS, ...SENTINELS]),
};

/**
 * Safe for acknowledged writes: every node fsyncs before it answers (appendfsync always) and a client
 * counts a write as acknowledged only when WAIT reports both replicas have it. Any replica Sentinel can
 * promote then holds every acknowledged write, and an old master's unacknowledged ones may be lost
 * without breaking the guarantee. Partitions (clients included), crashes of Redis nodes and Sentinels,
 * pauses, drift and slow links must never lose one; afterwards the nodes must agree.
 */
export const sentinelWaitAll = sentinelScenario({
  id: 'redis-sentinel/wait-all-replicas',
  description: 'Redis + Sentinel, aof-always, WAIT for both replicas: no acknowledged write is lost under partitions, crashes, pauses and slow links.',
  tags: ['redis-sentinel', 'smoke', 'nightly'],
  expect: 'pass',
  config: { redis: REDIS_DEFAULTS, sentinel: SENTINEL_DEFAULTS, client: { ...CLIENT_DEFAULTS, waitReplicas: REDIS.length - 1 } },
  nemesis: NEMESIS,
  seeds: { test: 8, nightly: 300 },
  coverage: [{ goal: 'sentinel-failover-end', atLeast: 1 }],
});

/**
 * Documented unsafe: WAIT for one of the two replicas. Sentinel may promote the other one, which never
 * got the write ("WAIT does not make Redis a strongly consistent store", WAIT docs). The same nemesis as
 * the safe scenario finds it.
 */
export const sentinelWaitOne = sentinelScenario({
  id: 'redis-sentinel/wait-one-replica',
  description: 'Redis + Sentinel, aof-always, WAIT for one of two replicas: a failover to the other replica loses acknowledged writes.',
  tags: ['redis-sentinel', 'nightly'],
  expect: 'violation',
  config: { redis: REDIS_DEFAULTS, sentinel: SENTINEL_DEFAULTS, client: { ...CLIENT_DEFAULTS, waitReplicas: 1 } },
  nemesis: NEMESIS,
  seeds: { test: 8, nightly: 150 },
  coverage: [{ goal: 'sentinel-failover-end', atLeast: 1 }],
});
