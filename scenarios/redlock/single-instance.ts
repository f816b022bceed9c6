import { grantedKeyLost } from './nemesis.js';
import { lockScenario, MUTEX_HISTORY, LOCK_EXCLUSIVITY, LOCK_PHASES, CLIENT_DEFAULTS, resourceSafety } from './shared.js';

/**
 * A lock on one Redis with persistence off, as the distlock page warns: the node crashes, restarts
 * empty, and a second client gets the lock the first still holds. (Fencing tokens come from the same
 * node's INCR, so they are lost too; none are used here.)
 */
export const singleInstanceCrash = lockScenario({
  id: 'redlock/single-instance-crash',
  description: 'Single-instance Redis lock, persistence off: the node crashes and restarts empty; a second client takes the lock while the first holds it.',
  tags: ['redlock', 'smoke', 'nightly'],
  expect: 'violation',
  config: {
    lock: 'single', nodes: ['r1'], clients: ['c1', 'c2'], redis: { persistence: 'none' }, ttlMs: 1000, nodeTimeoutMs: 20,
    fencing: false, client: { ...CLIENT_DEFAULTS, writesPerSession: 6 },
  },
  nemesis: {
    schedule: { kinds: ['crash'], crashNodes: ['r1'], maxFaults: 3, minDurationUs: 1_000, maxDurationUs: 50_000 },
    triggered: grantedKeyLost('crash', ['r1'], { downMs: { min: 1, max: 50 } }),
  },
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), MUTEX_HISTORY],
  seeds: { test: 6, nightly: 50 },
});
