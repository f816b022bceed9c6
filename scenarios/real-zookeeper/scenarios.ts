/**
 * node-zookeeper-client, unmodified, running the lock recipe against the ZooKeeper model over jute: the
 * model family's paused-holder scenarios (scenarios/zookeeper/lock-paused-holder.ts) with real client
 * code. What real ZooKeeper guarantees is what these claim: a session's ephemeral znode goes when the
 * leader expires the session; nothing stops a paused process from believing it still holds the lock.
 */
import { AGREEMENT, DURABILITY, ELECTION_SAFETY } from '../zookeeper/shared.js';
import { LOCK_EXCLUSIVITY, PAUSED_HOLDER_COVERAGE, pausedHolderNemesis } from '../zookeeper/lock-paused-holder.js';
import { zkPanels } from '../zookeeper/panels.js';
import { REAL_ZK_CLIENTS, REAL_ZK_LOCK_DEFAULTS, realResourceSafety, realZkScenario, type RealZkLockConfig } from './shared.js';

/** The model twin's nemesis: every client paused once for two to five session timeouts, and the holder right after its grant. */
const PAUSED_HOLDER = pausedHolderNemesis<RealZkLockConfig>(REAL_ZK_CLIENTS);

const PHASES = { nemesisMs: 3000, quiesceMs: 1000 };

export const realZkLockPausedHolder = realZkScenario({
  id: 'real-zookeeper/lock-paused-holder',
  description:
    'node-zookeeper-client 1.1.3 (real code), the recipes page\'s lock on three servers over jute; lock clients are paused past their session timeout. ' +
    'Expected: the paused holder still believes after the leader expired its session and another client took the lock, and its late write reaches the resource.',
  tags: ['real-zookeeper', 'real', 'nightly'],
  expect: 'violation',
  config: REAL_ZK_LOCK_DEFAULTS,
  nemesis: PAUSED_HOLDER,
  phases: PHASES,
  checkers: [LOCK_EXCLUSIVITY, realResourceSafety(false), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  panels: zkPanels,
  seeds: { test: 6, nightly: 50 },
  coverage: PAUSED_HOLDER_COVERAGE,
});

export const realZkLockPausedHolderFenced = realZkScenario({
  id: 'real-zookeeper/lock-paused-holder-fenced',
  description:
    'The same pauses with node-zookeeper-client, the lock znode\'s czxid as a fencing token and a resource that rejects tokens lower than the highest it has seen. ' +
    'Beliefs still overlap (not checked); the paused holder\'s late write is rejected, so no stale write is accepted.',
  tags: ['real-zookeeper', 'real', 'nightly'],
  expect: 'pass',
  config: { ...REAL_ZK_LOCK_DEFAULTS, fencing: true },
  nemesis: PAUSED_HOLDER,
  phases: PHASES,
  checkers: [realResourceSafety(true), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  panels: zkPanels,
  seeds: { test: 6, nightly: 200 },
  coverage: [...PAUSED_HOLDER_COVERAGE, { goal: 'fencing-rejected-stale-token', atLeast: 1 }],
});

/**
 * The fenced lock under server faults: partitions (clients included), server crashes and pauses, slow
 * links. Sessions move between servers, expire, and holders lose their connections; node-zookeeper-client
 * has no read timeout, so a holder cut off from its server believes on (exclusivity in true time is not
 * what ZooKeeper promises, and not checked). What must hold: no stale write accepted, and the ensemble's
 * own guarantees.
 */
export const realZkLockFencedServerFaults = realZkScenario({
  id: 'real-zookeeper/lock-fenced-server-faults',
  description:
    'node-zookeeper-client 1.1.3 (real code), the lock with czxid fencing, under partitions, server crashes and pauses and slow links: ' +
    'sessions move and expire, and the resource never accepts a stale write; ZooKeeper\'s agreement, durability and election safety hold.',
  tags: ['real-zookeeper', 'real', 'nightly'],
  expect: 'pass',
  config: { ...REAL_ZK_LOCK_DEFAULTS, fencing: true },
  nemesis: {
    schedule: {
      kinds: ['partition', 'crash', 'pause', 'link'],
      maxFaults: 6,
      minDurationUs: 20_000,
      maxDurationUs: 1_000_000,
      partitionNodes: [...REAL_ZK_LOCK_DEFAULTS.servers, ...REAL_ZK_CLIENTS],
      crashNodes: REAL_ZK_LOCK_DEFAULTS.servers,
      pauseNodes: REAL_ZK_LOCK_DEFAULTS.servers,
      linkNodes: [...REAL_ZK_LOCK_DEFAULTS.servers, ...REAL_ZK_CLIENTS],
      linkLatencyMsMax: 30,
      linkJitterMsMax: 20,
    },
  },
  phases: PHASES,
  checkers: [realResourceSafety(true), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  panels: zkPanels,
  seeds: { test: 6, nightly: 200 },
  coverage: [
    { goal: 'zk:lock-acquired', atLeast: 10 },
    { goal: 'zk:jute-session-resumed', atLeast: 1 },
  ],
});

export const REAL_ZOOKEEPER_SCENARIOS = [realZkLockPausedHolder, realZkLockPausedHolderFenced, realZkLockFencedServerFaults];
