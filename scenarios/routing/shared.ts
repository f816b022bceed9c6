/**
 * What the routing scenarios share: a three-server ZooKeeper ensemble holding the membership, cache nodes
 * each with its membership agent (a ZooKeeper client beside it), and cache clients routing by the ring.
 * Checkers: one owner per key at a time (moved-key shares as stats), and the ensemble's own guarantees.
 */
import { singleOwner, type RunArtifacts, type Scenario, type ScenarioSystem } from '../../harness/index.js';
import { cacheClient, cacheNode, membershipAgent, type RoutingConfig } from '../../models/routing/index.js';
import { ZkAudit, zkConfig, zkServer, type ZkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, DURABILITY, ELECTION_SAFETY, ZK3 } from '../zookeeper/shared.js';
import { routingPanel } from './panel.js';

export { ZK3 };
export const SESSION_TIMEOUT_MS = 300;
export const CLIENTS = ['c1', 'c2'];
export const agentOf = (cache: string): string => cache.replace('cache', 'agent');

export interface RoutingScenarioConfig {
  zk: ZkConfig;
  routing: RoutingConfig;
  /** Cache nodes, and when each one's agent starts (a later start is a join). */
  caches: { id: string; agentStartMs: number }[];
  thinkMs: [number, number];
}

export function routingConfig(leased: boolean): RoutingConfig {
  const zk = zkConfig();
  // Leases end before ZooKeeper can expire the session (2/3 of its timeout, Curator's SUSPENDED); a gained key
  // waits for every older lease, and for the longest a deposed leader still answers a sync (syncLimit ticks).
  const leaseMs = (2 * SESSION_TIMEOUT_MS) / 3;
  return {
    vnodes: 64, keys: Array.from({ length: 128 }, (_, i) => `key-${i}`), membersPath: '/cache/members', pollMs: 20,
    leaseMs: leased ? leaseMs : null, handoffMs: leaseMs + 2 * zk.syncLimit * zk.tickMs,
    sessionTimeoutMs: SESSION_TIMEOUT_MS, requestTimeoutMs: 50, ensemble: ZK3,
  };
}

export function buildRouting(config: RoutingScenarioConfig): ScenarioSystem {
  const factory = zkServer(config.zk, ZK3, new ZkAudit());
  const caches = config.caches.map((c) => c.id);
  const initial = config.caches.filter((c) => c.agentStartMs === 0).map((c) => c.id);
  return {
    servers: [...ZK3.map((id) => ({ id, factory })), ...caches.map((id) => ({ id, factory: cacheNode(config.routing) }))],
    link: { latencyMs: 0.3, jitterMs: 0.2 },
    clients: [
      ...config.caches.map((c, i) => ({ id: agentOf(c.id), workload: membershipAgent(config.routing, c.id, i), startMs: c.agentStartMs })),
      ...CLIENTS.map((id) => ({ id, workload: cacheClient(config.routing, initial, { thinkMs: config.thinkMs, keys: config.routing.keys.length }) })),
    ],
  };
}

/** A routing scenario over `caches`: config, topology, build, checkers and panel follow from the shared setup. */
export function routingScenario(
  caches: RoutingScenarioConfig['caches'],
  leased: boolean,
  s: Omit<Scenario<RoutingScenarioConfig>, 'config' | 'topology' | 'build' | 'checkers' | 'panels'>,
): Scenario<RoutingScenarioConfig> {
  return {
    ...s,
    config: { zk: zkConfig(), routing: routingConfig(leased), caches, thinkMs: [0, 4] },
    topology: { servers: [...ZK3, ...caches.map((c) => c.id)], clients: [...caches.map((c) => agentOf(c.id)), ...CLIENTS] },
    build: buildRouting,
    checkers: [singleOwner(), AGREEMENT, DURABILITY, ELECTION_SAFETY],
    panels: (run: RunArtifacts) => [routingPanel(run, caches.map((c) => c.id))],
  };
}
