/**
 * The leader election recipe (Curator's LeaderLatch; models/zookeeper/leader-latch.ts) on three servers:
 * three candidates, each leading for a while and then closing its latch (deleting its znode), under
 * crashes of candidates (a crashed leader's znode goes when its session expires) and server partitions
 * shorter than the session timeout. A leader stops believing as soon as its connection is SUSPENDED, which
 * comes (2/3 of the session timeout in silence) before the ensemble can expire its session: at most one
 * candidate believes it leads at any true instant (lock exclusivity in true time, on the election path).
 * Pauses are left out: a paused leader believes until it runs again (zookeeper/lock-paused-holder).
 */
import type { Scenario, ScenarioSystem } from '../../harness/index.js';
import { leaderLatchClient, ZkAudit, zkConfig, zkServer, type LeaderLatchConfig, type ZkConfig } from '../../models/zookeeper/index.js';
import { LOCK_EXCLUSIVITY } from './lock-paused-holder.js';
import { zkPanels } from './panels.js';
import { AGREEMENT, CLIENTS, DURABILITY, ELECTION_SAFETY, ZK3 } from './shared.js';

export interface ZkLeaderLatchScenarioConfig {
  zk: ZkConfig;
  servers: string[];
  clients: string[];
  latch: LeaderLatchConfig;
}

const SESSION_TIMEOUT_MS = 300;

function build(config: ZkLeaderLatchScenarioConfig): ScenarioSystem {
  const audit = new ZkAudit();
  const factory = zkServer(config.zk, config.servers, audit);
  return {
    servers: config.servers.map((id) => ({ id, factory })),
    clients: config.clients.map((id, i) => ({ id, workload: leaderLatchClient(config.latch, i) })),
  };
}

export const zkLeaderLatch: Scenario<ZkLeaderLatchScenarioConfig> = {
  id: 'zookeeper/leader-latch',
  description:
    'Leader election recipe (ephemeral sequential znodes, watch the predecessor, Curator LeaderLatch) on three servers; candidates crash and restart, ' +
    'servers are partitioned for less than the session timeout. A leader gives up as soon as its connection is SUSPENDED: never two leaders at once in true time.',
  tags: ['zookeeper', 'nightly'],
  expect: 'pass',
  config: {
    zk: zkConfig(), servers: ZK3, clients: CLIENTS,
    latch: { electionPath: '/election', sessionTimeoutMs: SESSION_TIMEOUT_MS, requestTimeoutMs: 50, leadMs: 400, closeSession: false, thinkMs: 20, ensemble: ZK3 },
  },
  topology: { servers: ZK3, clients: CLIENTS },
  build,
  nemesis: {
    schedule: {
      kinds: ['crash', 'partition'],
      weights: { crash: 1, partition: 1 },
      crashNodes: CLIENTS,
      partitionNodes: 'servers',
      maxFaults: 8,
      minDurationUs: 20_000,
      maxDurationUs: (SESSION_TIMEOUT_MS - 50) * 1000,
    },
  },
  phases: { nemesisMs: 3000, quiesceMs: 1000 },
  checkers: [LOCK_EXCLUSIVITY, AGREEMENT, DURABILITY, ELECTION_SAFETY],
  panels: zkPanels,
  seeds: { test: 8, nightly: 200 },
  coverage: [
    { goal: 'zk:latch-leader', atLeast: 1 },
    { goal: 'zk:latch-watching-predecessor', atLeast: 1 },
  ],
};
