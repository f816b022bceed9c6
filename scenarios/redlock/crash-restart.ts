import type { LockScenarioConfig } from './shared.js';
import { splitMajorityNemesis } from './nemesis.js';
import { lockScenario, MUTEX_HISTORY, LOCK_EXCLUSIVITY, LOCK_PHASES, CLIENT_DEFAULTS, REDLOCK_NODES, resourceSafety } from './shared.js';

const CLIENTS = ['c1', 'c2'] as const;

const base = (redis: LockScenarioConfig['redis']): LockScenarioConfig => ({
  lock: 'redlock', nodes: REDLOCK_NODES, clients: [...CLIENTS], redis, ttlMs: 1000, nodeTimeoutMs: 20, fencing: false,
  client: { ...CLIENT_DEFAULTS, writesPerSession: 6 },
});

/** Crash the shared node of two bare majorities and restart it at once (0-50 ms down). */
const nemesis = splitMajorityNemesis('crash', REDLOCK_NODES, CLIENTS);

/**
 * antirez's own caveat ("Is Redlock safe?", and the distlock page): with persistence off, a node that
 * granted client X's bare majority crashes and restarts empty; client Y locks it and the two nodes X never
 * reached: two holders.
 */
export const redlockCrashNoPersistence = lockScenario({
  id: 'redlock/crash-no-persistence',
  description: 'Redlock with persistence off: a node of the holder\'s bare majority crashes and restarts at once, empty; a second client wins a majority with it: two holders.',
  tags: ['redlock', 'smoke', 'nightly'],
  expect: 'violation',
  config: base({ persistence: 'none' }),
  nemesis,
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), MUTEX_HISTORY],
  seeds: { test: 6, nightly: 50 },
});

/**
 * The distlock page's fix: keep persistence off but make a restarted node refuse every command for at
 * least the max TTL, so every lock it took part in has expired before it can vote again. Same faults,
 * no second holder.
 */
export const redlockCrashDelayedRestart = lockScenario({
  id: 'redlock/crash-delayed-restart',
  description: 'Redlock with persistence off and delayed restarts (a restarted node refuses commands for one TTL): the same crash never gives a second holder.',
  tags: ['redlock', 'nightly'],
  expect: 'pass',
  config: base({ persistence: 'none', delayedRestartMs: 1000 }),
  nemesis,
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), MUTEX_HISTORY],
  seeds: { test: 8, nightly: 200 },
  coverage: [{ goal: 'redis-refused-loading', atLeast: 1 }],
});
