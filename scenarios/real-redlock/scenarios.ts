/**
 * The redlock package over ioredis, unmodified, against simulated Redis: the Redlock family's nemeses
 * (scenarios/redlock/nemesis.ts) break exclusivity exactly as they do for the model client, and the
 * configuration the algorithm's argument assumes passes.
 */
import { safeConditionsNemesis, splitMajorityNemesis } from '../redlock/nemesis.js';
import { REAL_CLIENT_DEFAULTS, REAL_LOCK_CHECKERS, REAL_LOCK_PHASES, REAL_REDLOCK_NODES, realRedlockScenario, type RealRedlockConfig } from './shared.js';

const CLIENTS = ['c1', 'c2'] as const;

const config = (redis: RealRedlockConfig['redis']): RealRedlockConfig => ({
  nodes: REAL_REDLOCK_NODES, clients: [...CLIENTS], redis, ...REAL_CLIENT_DEFAULTS,
});

/**
 * Kleppmann's first counterexample with the real library: a forward wall-clock jump on a node that
 * granted X's lock expires the key early; Y, cut off from X's other nodes, wins its own majority.
 */
export const realRedlockClockJump = realRedlockScenario({
  id: 'real-redlock/clock-jump',
  description: 'redlock 5 over ioredis (real code): a forward clock jump on a node that granted the lock expires the key; a second client wins a majority with it: two holders.',
  tags: ['real-redlock', 'real', 'nightly'],
  expect: 'violation',
  config: config({ persistence: 'aof-always' }),
  nemesis: splitMajorityNemesis('clock-jump', REAL_REDLOCK_NODES, CLIENTS),
  phases: REAL_LOCK_PHASES,
  checkers: REAL_LOCK_CHECKERS,
  seeds: { test: 6, nightly: 50 },
});

/** A node of the holder's bare majority crashes and restarts within 50 ms (the two crash scenarios share it). */
const CRASH_NEMESIS = splitMajorityNemesis('crash', REAL_REDLOCK_NODES, CLIENTS);

/** antirez's caveat with the real library: persistence off, a granting node restarts empty. */
export const realRedlockCrashNoPersistence = realRedlockScenario({
  id: 'real-redlock/crash-no-persistence',
  description: 'redlock 5 over ioredis (real code), persistence off: a node of the holder\'s bare majority crashes and restarts empty; a second client wins a majority with it: two holders.',
  tags: ['real-redlock', 'real', 'nightly'],
  expect: 'violation',
  config: config({ persistence: 'none' }),
  nemesis: CRASH_NEMESIS,
  phases: REAL_LOCK_PHASES,
  checkers: REAL_LOCK_CHECKERS,
  seeds: { test: 6, nightly: 50 },
});

/**
 * The same crashes with the distlock page's fix: a restarted node is unavailable (LOADING) for one TTL,
 * so it cannot vote for a second holder while the first lock may still be valid. ioredis sees it in
 * its ready check (INFO says loading:1) and holds its commands until then; they time out meanwhile.
 */
export const realRedlockCrashDelayedRestart = realRedlockScenario({
  id: 'real-redlock/crash-delayed-restart',
  description: 'redlock 5 over ioredis (real code), persistence off with delayed restarts (a restarted node answers LOADING for one TTL): the same crashes never give two holders.',
  tags: ['real-redlock', 'real', 'nightly'],
  expect: 'pass',
  config: config({ persistence: 'none', delayedRestartMs: 1000 }),
  nemesis: CRASH_NEMESIS,
  phases: REAL_LOCK_PHASES,
  checkers: REAL_LOCK_CHECKERS,
  seeds: { test: 8, nightly: 200 },
  coverage: [{ goal: 'redis-loading-reported', atLeast: 1 }],
});

/**
 * Redlock in the conditions its argument assumes: aof-always, no clock jumps; partitions (clients
 * included), crashes, Redis pauses, drift and slow links must never give two holders.
 */
export const realRedlockSafe = realRedlockScenario({
  id: 'real-redlock/safe',
  description: 'redlock 5 over ioredis (real code), 5 masters, aof-always, no clock jumps: partitions, crashes, Redis pauses, drift and slow links never give two holders.',
  tags: ['real-redlock', 'real', 'nightly'],
  expect: 'pass',
  config: { ...config({ persistence: 'aof-always' }), clients: ['c1', 'c2', 'c3'] },
  nemesis: safeConditionsNemesis(REAL_REDLOCK_NODES, ['c1', 'c2', 'c3']),
  phases: REAL_LOCK_PHASES,
  checkers: REAL_LOCK_CHECKERS,
  seeds: { test: 8, nightly: 300 },
  coverage: [{ goal: 'lock-acquired', atLeast: 10 }],
});

export const REAL_REDLOCK_SCENARIOS = [realRedlockClockJump, realRedlockCrashNoPersistence, realRedlockCrashDelayedRestart, realRedlockSafe];
