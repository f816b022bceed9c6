import { splitMajorityNemesis } from './nemesis.js';
import { lockScenario, MUTEX_HISTORY, LOCK_EXCLUSIVITY, LOCK_PHASES, CLIENT_DEFAULTS, REDLOCK_NODES, resourceSafety } from './shared.js';

const CLIENTS = ['c1', 'c2'] as const;

/**
 * Kleppmann's first Redlock counterexample: Redis expires keys by the wall clock, so a forward jump on
 * one node that granted client X's lock expires X's key early. With X's other two nodes cut off from
 * client Y, Y gets the jumped node plus two X never reached: a second majority while X still holds.
 */
export const redlockClockJump = lockScenario({
  id: 'redlock/clock-jump',
  description: 'Redlock: a forward wall-clock jump on a node that granted the lock expires the key early; the holder\'s other nodes are cut off from a second client, which wins its own majority: two holders.',
  tags: ['redlock', 'smoke', 'nightly'],
  expect: 'violation',
  config: {
    lock: 'redlock', nodes: REDLOCK_NODES, clients: [...CLIENTS],
    redis: { persistence: 'aof-always' }, ttlMs: 1000, nodeTimeoutMs: 20, fencing: false,
    client: { ...CLIENT_DEFAULTS, writesPerSession: 6 },
  },
  nemesis: splitMajorityNemesis('clock-jump', REDLOCK_NODES, CLIENTS),
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), MUTEX_HISTORY],
  seeds: { test: 6, nightly: 50 },
});
