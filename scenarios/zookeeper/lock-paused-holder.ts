/**
 * The ZooKeeper lock recipe with a client paused while it holds the lock (a GC pause, SIGSTOP). The
 * leader hears no heartbeat, expires the session and deletes the holder's ephemeral znode; the next
 * contender's exists watch on it fires (NodeDeleted), it lists the children again and takes the lock. The
 * paused holder resumes still inside its critical section: it checked its connection before the work the
 * pause interrupted, so it writes that work's result to the protected resource before it notices its
 * session is gone.
 *
 * - `zookeeper/lock-paused-holder` (no fencing): documented unsafe (Kleppmann, "How to do distributed
 *   locking"; Curator's tech notes). Two holders believe at once (lock exclusivity in true time) and the
 *   resource accepts the paused holder's write after the next holder's (resource safety).
 * - `zookeeper/lock-paused-holder-fenced`: the holder sends its lock znode's czxid as a fencing token and
 *   the resource rejects tokens lower than the highest it has seen: no stale write is accepted. The
 *   beliefs still overlap — no lock service can stop a paused process believing — so lock exclusivity in
 *   true time is not a checker here; safety is enforced, and checked, at the resource.
 */
import { pauseEachOnceArbitrary, faultsAtPoints, type Scenario, type ScenarioChecker, type ScenarioSystem } from '../../harness/index.js';
import { ZkAudit, zkConfig, zkLockClient, zkServer, type LockClientConfig, type ZkConfig } from '../../models/zookeeper/index.js';
import { resourceNode } from '../../models/redlock/resource.js';
import { lockExclusivity, resourceSafety as sharedResourceSafety } from '../checkers.js';
import { zkPanels } from './panels.js';
import { AGREEMENT, CLIENTS, DURABILITY, ELECTION_SAFETY, ZK3 } from './shared.js';

export interface ZkLockScenarioConfig {
  zk: ZkConfig;
  /** The ensemble; the protected resource runs beside it. */
  servers: string[];
  resource: string;
  clients: string[];
  lock: LockClientConfig;
}

const RESOURCE = 'resource';

const lockConfig = (fencing: boolean): LockClientConfig => ({
  lockPath: '/lock', sessionTimeoutMs: 100, requestTimeoutMs: 30, holdMs: 60, thinkMs: 20, ensemble: ZK3,
  resource: { node: RESOURCE, fencing, writeTimeoutMs: 30 },
});

export const LOCK_EXCLUSIVITY: ScenarioChecker = lockExclusivity('lock exclusivity (true time)');

export function resourceSafety(fencing: boolean): ScenarioChecker {
  return sharedResourceSafety(fencing, 'resource safety (czxid fencing tokens)');
}

function build(config: ZkLockScenarioConfig): ScenarioSystem {
  const audit = new ZkAudit();
  const factory = zkServer(config.zk, config.servers, audit);
  return {
    servers: [
      ...config.servers.map((id) => ({ id, factory })),
      { id: config.resource, factory: resourceNode({ fencing: config.lock.resource?.fencing ?? false }) },
    ],
    clients: config.clients.map((id, i) => ({ id, workload: zkLockClient(config.lock, i) })),
  };
}

/** The nemesis of the paused-holder scenarios (the real-client twins' too), over these lock clients. */
export function pausedHolderNemesis<C>(clients: readonly string[]): Scenario<C>['nemesis'] {
  return {
    schedule: { kinds: ['pause'], pauseNodes: [...clients] },
    // Every client is paused once, for two to five session timeouts: whoever holds the lock then is the victim.
    arbitrary: (topology, window) =>
      pauseEachOnceArbitrary(topology.clients, window.startUs, { startMs: { min: 200, max: 2400 }, durationMs: { min: 200, max: 500 } }),
    // The holder paused right after it got the lock.
    triggered: faultsAtPoints({ points: ['zk:lock-acquired'], reporters: clients, kinds: ['pause'], victims: clients, durationMs: { min: 200, max: 500 } }),
  };
}

/** What a paused-holder run must have exercised. */
export const PAUSED_HOLDER_COVERAGE = [
  { goal: 'zk:session-expired', atLeast: 1 },
  { goal: 'zk:lock-acquired', atLeast: 1 },
  // Waiters set exists watches on their predecessors (the recipe's step 4), not a poll.
  { goal: 'zk:lock-watching-predecessor', atLeast: 1 },
];

const common = {
  topology: { servers: [...ZK3, RESOURCE], clients: CLIENTS },
  build,
  nemesis: pausedHolderNemesis<ZkLockScenarioConfig>(CLIENTS),
  phases: { nemesisMs: 3000, quiesceMs: 1000 },
  panels: zkPanels,
};

export const zkLockPausedHolder: Scenario<ZkLockScenarioConfig> = {
  ...common,
  id: 'zookeeper/lock-paused-holder',
  description:
    'Lock recipe (ephemeral sequential znodes, watch the predecessor) on three servers; lock clients are paused for longer than their session timeout. ' +
    'Expected: the paused holder still believes it holds the lock after its session expired and another client took it, and its late write reaches the resource.',
  tags: ['zookeeper', 'nightly', 'smoke'],
  expect: 'violation',
  config: { zk: zkConfig(), servers: ZK3, resource: RESOURCE, clients: CLIENTS, lock: lockConfig(false) },
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  seeds: { test: 6, nightly: 50 },
  coverage: PAUSED_HOLDER_COVERAGE,
};

export const zkLockPausedHolderFenced: Scenario<ZkLockScenarioConfig> = {
  ...common,
  id: 'zookeeper/lock-paused-holder-fenced',
  description:
    'The same pauses, with the lock znode\'s czxid as a fencing token and a resource that rejects tokens lower than the highest it has seen. ' +
    'Beliefs still overlap (not checked); the paused holder\'s late write is rejected, so no stale write is accepted.',
  tags: ['zookeeper', 'nightly'],
  expect: 'pass',
  config: { zk: zkConfig(), servers: ZK3, resource: RESOURCE, clients: CLIENTS, lock: lockConfig(true) },
  checkers: [resourceSafety(true), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  seeds: { test: 6, nightly: 200 },
  coverage: [
    ...PAUSED_HOLDER_COVERAGE,
    // The resource turned a paused holder's late write away: the scenario exercised what it claims.
    { goal: 'fencing-rejected-stale-token', atLeast: 1 },
  ],
};
