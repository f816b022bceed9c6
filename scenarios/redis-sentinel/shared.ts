/**
 * What every Redis Sentinel scenario shares: three Redis nodes (redis1 the first master, two replicas),
 * three Sentinels with quorum 2, and two clients adding unique values through the Sentinel-aware client.
 * Checkers: no acknowledged add is lost, and once everything has healed the Redis nodes agree. Report
 * panels: Redis roles and full resyncs, and what each Sentinel names and sees (panels.ts).
 */
import { type CheckResult, eventually, type LivenessCheck, type Phases, type Scenario, type ScenarioChecker, type ScenarioSystem, type Simulation, type NodeId } from '../../harness/index.js';
import { ReplicatedRedisServer, replicatedRedisNode, type ReplicatedRedisConfig } from '../../models/redis/index.js';
import { ADD_PREFIX, sentinelSetClient, type SentinelClientConfig } from '../../models/sentinel/client.js';
import { Sentinel, sentinelNode, type SentinelConfig } from '../../models/sentinel/index.js';
import { ACKNOWLEDGED_ADDS } from '../checkers.js';
import { sentinelPanels } from './panels.js';

export { ACKNOWLEDGED_ADDS };

export const REDIS = ['redis1', 'redis2', 'redis3'];
export const SENTINELS = ['s1', 's2', 's3'];
export const CLIENTS = ['c1', 'c2'];
export const MASTER_NAME = 'mymaster';

export interface SentinelScenarioConfig {
  redis: Omit<ReplicatedRedisConfig, 'replicaOf'>;
  sentinel: Pick<SentinelConfig, 'quorum' | 'downAfterMs' | 'failoverTimeoutMs'>;
  client: Omit<SentinelClientConfig, 'sentinels' | 'masterName'>;
}

/** Sentinel's timeouts are seconds; the quiesce phase leaves time to demote an old master (8 s) and resync. */
export const SENTINEL_PHASES: Phases = { nemesisMs: 8000, quiesceMs: 20_000 };
export const SENTINEL_DEFAULTS: SentinelScenarioConfig['sentinel'] = { quorum: 2, downAfterMs: 1000, failoverTimeoutMs: 3000 };
export const REDIS_DEFAULTS: SentinelScenarioConfig['redis'] = { persistence: 'aof-always', replTimeoutMs: 2000 };
export const CLIENT_DEFAULTS: SentinelScenarioConfig['client'] = {
  timeoutMs: 100, thinkMs: 20, settleMs: 12_000, waitReplicas: 0, waitTimeoutMs: 200,
};

export function buildSentinelSystem(config: SentinelScenarioConfig): ScenarioSystem {
  const redis = replicatedRedisNode({ ...config.redis, replicaOf: (id) => (id === REDIS[0] ? null : REDIS[0] as NodeId) });
  const sentinel = sentinelNode({ ...config.sentinel, masterName: MASTER_NAME, initialMaster: REDIS[0] as NodeId, redisNodes: REDIS, sentinels: SENTINELS });
  const client = { ...config.client, sentinels: SENTINELS, masterName: MASTER_NAME };
  return {
    servers: [...REDIS.map((id) => ({ id, factory: redis })), ...SENTINELS.map((id) => ({ id, factory: sentinel }))],
    clients: CLIENTS.map((id, i) => ({ id, workload: sentinelSetClient(client, i) })),
  };
}

// A down node has no state (nodeState is null), so the instanceof filters skip it.
function redisNodes(sim: Simulation): ReplicatedRedisServer[] {
  return REDIS.map((id) => sim.nodeState(id)).filter((s): s is ReplicatedRedisServer => s instanceof ReplicatedRedisServer);
}

function sentinels(sim: Simulation): Sentinel[] {
  return SENTINELS.map((id) => sim.nodeState(id)).filter((s): s is Sentinel => s instanceof Sentinel);
}

/** Replica agreement: after the heal and the quiesce phase, every Redis node holds the same added values. */
export const REPLICA_AGREEMENT: ScenarioChecker = {
  name: 'replica agreement',
  check: (run): CheckResult => {
    const nodes = redisNodes(run.sim);
    const sets = nodes.map((n) => ({ id: n.id, role: n.role, keys: n.keyspace.keys(ADD_PREFIX, 0) }));
    const reference = sets.find((s) => s.role === 'master') ?? sets[0];
    if (reference === undefined) return { valid: 'unknown', explanation: 'no Redis node is up at the end of the run', anomalies: [] };
    const anomalies = sets.filter((s) => s.keys.join(' ') !== reference.keys.join(' ')).map((s) => {
      const mine = new Set(s.keys);
      const theirs = new Set(reference.keys);
      return {
        node: s.id, role: s.role, reference: reference.id,
        missing: reference.keys.filter((k) => !mine.has(k)).slice(0, 10), extra: s.keys.filter((k) => !theirs.has(k)).slice(0, 10),
      };
    });
    if (anomalies.length === 0) return { valid: true, explanation: `${sets.length} Redis nodes hold the same ${reference.keys.length} values`, anomalies, stats: { nodes: sets.length, values: reference.keys.length } };
    const first = anomalies[0]!;
    return { valid: false, explanation: `${first.node} (${first.role}) differs from ${first.reference}: missing ${first.missing.length ? first.missing.join(', ') : 'nothing'}, extra ${first.extra.length ? first.extra.join(', ') : 'nothing'}`, anomalies };
  },
};

/**
 * Liveness: all Sentinels name one master, it is a master, and every other Redis node follows it with its
 * link up: the Sentinel docs' "Sentinels that are able to communicate will all converge to the same
 * configuration with the higher version number". sentinel.c can miss it: two Sentinels can name two
 * masters under one config epoch, which no hello settles (models/sentinel/same-epoch.test.ts). A run
 * stuck so is real Sentinel behaviour, not a model bug; the stuck state then names the tie.
 */
export const ONE_MASTER: LivenessCheck = eventually(
  'sentinels agree on one master that the replicas follow',
  (sim) => {
    const named = new Set(sentinels(sim).map((s) => s.snapshot().master));
    if (named.size !== 1 || sentinels(sim).length !== SENTINELS.length) return false;
    const [master] = named;
    return redisNodes(sim).length === REDIS.length && redisNodes(sim).every((n) =>
      n.id === master ? n.role === 'master' : n.role === 'replica' && n.masterId === master && n.masterLinkUp);
  },
  SENTINEL_PHASES.quiesceMs - CLIENT_DEFAULTS.settleMs + 4000,
  (sim) => [
    ...sentinels(sim).map((s) => `${s.id} names ${s.snapshot().master} (config epoch ${s.snapshot().configEpoch})`),
    ...redisNodes(sim).map((n) => `${n.id}: ${n.role}${n.role === 'replica' ? ` of ${n.masterId}, link ${n.masterLinkUp ? 'up' : 'down'}` : ''}`),
    ...configEpochTies(sentinels(sim)),
  ].join('; '),
);

/** Config epochs under which the Sentinels name more than one master. */
export function configEpochTies(all: readonly Sentinel[]): string[] {
  const named = new Map<number, Set<NodeId>>();
  for (const { configEpoch, master } of all.map((s) => s.snapshot())) named.set(configEpoch, (named.get(configEpoch) ?? new Set()).add(master));
  return [...named].filter(([, masters]) => masters.size > 1)
    .map(([epoch, masters]) => `config epoch ${epoch} names ${[...masters].join(' and ')} (a tie: sentinel.c settles none by hello)`);
}

export function sentinelScenario(s: Omit<Scenario<SentinelScenarioConfig>, 'topology' | 'build' | 'phases' | 'checkers' | 'liveness' | 'panels'>): Scenario<SentinelScenarioConfig> {
  const topology = { servers: [...REDIS, ...SENTINELS], clients: CLIENTS };
  return {
    ...s,
    topology,
    build: buildSentinelSystem,
    phases: SENTINEL_PHASES,
    checkers: [ACKNOWLEDGED_ADDS, REPLICA_AGREEMENT],
    liveness: [ONE_MASTER],
    panels: sentinelPanels({ redis: REDIS, sentinels: SENTINELS, initialMaster: REDIS[0]!, topology, nemesisUs: SENTINEL_PHASES.nemesisMs * 1000 }),
  };
}
