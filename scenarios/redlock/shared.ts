/**
 * What every Redis-lock scenario shares: the system (Redis nodes, optional fencing counter, the
 * protected resource, lock clients), the checkers, and the report panels.
 */
import { linearizable, mutexModel, type Topology, type RunArtifacts, type Scenario, type ScenarioChecker, type ScenarioSystem, type NodeId } from '../../harness/index.js';
import { lockClient, type LockClientConfig } from '../../models/redlock/client.js';
import { redlock } from '../../models/redlock/redlock.js';
import { resourceNode } from '../../models/redlock/resource.js';
import { singleInstanceLock } from '../../models/redlock/single.js';
import { redisNode, type RedisConfig } from '../../models/redis/server.js';
import { lockExclusivity, resourceSafety as sharedResourceSafety } from '../checkers.js';
import { lockPanels } from './panels.js';

export const LOCK_KEY = 'lock';
export const RESOURCE = 'res';
export const FENCE = 'fence';
export const FENCE_KEY = 'fence:lock';

export interface LockScenarioConfig {
  /** 'redlock' over all `nodes`, or 'single' on the first of them. */
  lock: 'redlock' | 'single';
  nodes: NodeId[];
  clients: NodeId[];
  redis: RedisConfig;
  ttlMs: number;
  nodeTimeoutMs: number;
  /** Tokens with every grant, and a resource that rejects stale ones. */
  fencing: boolean;
  client: Omit<LockClientConfig, 'lock' | 'resource' | 'fencing'>;
}

export const CLIENT_DEFAULTS: LockScenarioConfig['client'] = {
  writesPerSession: 3,
  workMs: 60,
  writeTimeoutMs: 100,
  thinkMs: [5, 40],
  retryMs: [5, 40],
  extend: false,
};

export const REDLOCK_NODES = ['r1', 'r2', 'r3', 'r4', 'r5'];

/** Servers in build order: the Redis nodes, the fencing counter (Redlock with fencing), the resource. */
export function serversOf(config: Pick<LockScenarioConfig, 'lock' | 'nodes' | 'fencing'>): NodeId[] {
  return [...config.nodes, ...(config.lock === 'redlock' && config.fencing ? [FENCE] : []), RESOURCE];
}

export function topologyOf(config: LockScenarioConfig): Topology {
  return { servers: serversOf(config), clients: config.clients };
}

export function buildLockSystem(config: LockScenarioConfig): ScenarioSystem {
  const service = config.lock === 'redlock'
    ? redlock({
      nodes: config.nodes, ttlMs: config.ttlMs, nodeTimeoutMs: config.nodeTimeoutMs,
      fence: config.fencing ? { node: FENCE, key: FENCE_KEY, timeoutMs: config.nodeTimeoutMs } : null,
    })
    : singleInstanceLock({
      node: config.nodes[0] as NodeId, ttlMs: config.ttlMs, timeoutMs: config.nodeTimeoutMs,
      fencingCounter: config.fencing ? FENCE_KEY : null,
    });
  const clientConfig: LockClientConfig = { ...config.client, lock: LOCK_KEY, resource: RESOURCE, fencing: config.fencing };
  return {
    servers: [
      ...config.nodes.map((id) => ({ id, factory: redisNode(config.redis) })),
      // The fencing counter is a plain Redis that never loses an INCR (aof-always); no nemesis touches it.
      ...(config.lock === 'redlock' && config.fencing ? [{ id: FENCE, factory: redisNode({ persistence: 'aof-always' }) }] : []),
      { id: RESOURCE, factory: resourceNode({ fencing: config.fencing }) },
    ],
    clients: config.clients.map((id) => ({ id, workload: lockClient(service, clientConfig) })),
  };
}

export const LOCK_EXCLUSIVITY: ScenarioChecker = lockExclusivity('lock exclusivity');

/**
 * The acquire/release history against a mutex (linearizability). A lease is not a mutex: a client
 * paused past its validity releases after the next holder acquired, so only scenarios without client
 * pauses use it; there it must agree with lock exclusivity.
 */
export const MUTEX_HISTORY: ScenarioChecker = linearizable(mutexModel, { name: 'mutex history (linearizable)', timeMs: 5000 });

export function resourceSafety(fencing: boolean): ScenarioChecker {
  return sharedResourceSafety(fencing, 'resource safety (fencing tokens)');
}

export function panelsFor(config: LockScenarioConfig): (run: RunArtifacts) => ReturnType<typeof lockPanels> {
  return (run) => lockPanels(run, { nodes: config.lock === 'redlock' ? config.nodes : config.nodes.slice(0, 1), key: LOCK_KEY });
}

/** A lock scenario: topology, build and panels follow from the config. */
export function lockScenario(
  s: Omit<Scenario<LockScenarioConfig>, 'topology' | 'build' | 'panels'>,
): Scenario<LockScenarioConfig> {
  return { ...s, topology: topologyOf(s.config), build: buildLockSystem, panels: panelsFor(s.config) };
}

/** Lock scenarios run a 3 s nemesis phase and 1.5 s for clients to finish their last session. */
export const LOCK_PHASES = { nemesisMs: 3000, quiesceMs: 1500 };
