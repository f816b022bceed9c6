import type { LockScenarioConfig } from './shared.js';
import { clientPauseArbitrary, holderPaused } from './nemesis.js';
import { lockScenario, LOCK_EXCLUSIVITY, LOCK_PHASES, CLIENT_DEFAULTS, REDLOCK_NODES, resourceSafety } from './shared.js';

const CLIENTS = ['c1', 'c2'];

const base = (fencing: boolean): LockScenarioConfig => ({
  lock: 'redlock', nodes: REDLOCK_NODES, clients: CLIENTS, redis: { persistence: 'aof-always' }, ttlMs: 1000, nodeTimeoutMs: 20,
  fencing,
  // Long units of work, so a pause lands between a client's validity check and its write more often.
  client: { ...CLIENT_DEFAULTS, workMs: 150, writesPerSession: 4 },
});

/** One or two client pauses of 1.2-2.5 s: longer than the lock's validity (TTL 1 s). */
const nemesis = {
  schedule: {},
  arbitrary: clientPauseArbitrary({ clients: CLIENTS, pauseMs: { min: 1200, max: 2500 } }),
  triggered: holderPaused(CLIENTS, { min: 1200, max: 2500 }),
};

/**
 * Kleppmann's GC-pause example: the client checks its lock, pauses past the expiry, another client
 * takes the lock and writes, then the first one's write lands: no lock service can prevent it, so the
 * resource accepts a write from a superseded holder. Lock exclusivity (beliefs) still holds. No mutex
 * history check here: the paused client releases after the next holder acquired, which a lease allows
 * and a mutex does not.
 */
export const redlockClientPause = lockScenario({
  id: 'redlock/client-pause',
  description: 'Redlock without fencing: a client pauses between checking its lock and writing, longer than the validity; its write lands after the next holder\'s.',
  tags: ['redlock', 'smoke', 'nightly'],
  expect: 'violation',
  config: base(false),
  nemesis,
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false)],
  seeds: { test: 8, nightly: 50 },
});

/**
 * The same pauses with fencing: tokens from a separate INCR counter (see models/redlock/redlock.ts) and
 * a resource that rejects tokens lower than the highest it has seen. The late write is refused.
 */
export const redlockClientPauseFencing = lockScenario({
  id: 'redlock/client-pause-fencing',
  description: 'Redlock with fencing tokens (separate INCR counter) and a fencing resource: the paused client\'s late write is rejected.',
  tags: ['redlock', 'nightly'],
  expect: 'pass',
  config: base(true),
  nemesis,
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(true)],
  seeds: { test: 8, nightly: 200 },
  coverage: [{ goal: 'fencing-rejected-stale-token', atLeast: 1 }],
});
