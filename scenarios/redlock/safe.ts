import { safeConditionsNemesis } from './nemesis.js';
import { lockScenario, MUTEX_HISTORY, LOCK_EXCLUSIVITY, LOCK_PHASES, CLIENT_DEFAULTS, REDLOCK_NODES, resourceSafety } from './shared.js';

const CLIENTS = ['c1', 'c2', 'c3'];

/**
 * Redlock as published, in the conditions its argument assumes: 5 masters with appendfsync always, no
 * clock jumps (bounded drift only), message delays bounded well below the TTL. Partitions (clients
 * included), crashes with immediate restart, Redis process pauses, drifting clocks and slow links must
 * never give two clients the lock, nor let a stale write reach the resource.
 */
export const redlockSafe = lockScenario({
  id: 'redlock/safe',
  description: 'Redlock, 5 masters, aof-always, no clock jumps: partitions (clients included), crashes, Redis pauses, drift and slow links never give two holders.',
  tags: ['redlock', 'smoke', 'nightly'],
  expect: 'pass',
  config: {
    lock: 'redlock', nodes: REDLOCK_NODES, clients: CLIENTS,
    redis: { persistence: 'aof-always' }, ttlMs: 500, nodeTimeoutMs: 20, fencing: false,
    // Sessions outlive half the TTL, so holders extend.
    client: { ...CLIENT_DEFAULTS, extend: true, workMs: 30, writesPerSession: 10 },
  },
  // The resource is not faulted: a delayed write is the pause scenario's subject, not this one's.
  nemesis: safeConditionsNemesis(REDLOCK_NODES, CLIENTS),
  phases: LOCK_PHASES,
  checkers: [LOCK_EXCLUSIVITY, resourceSafety(false), MUTEX_HISTORY],
  seeds: { test: 12, nightly: 300 },
  coverage: [{ goal: 'lock-acquired', atLeast: 10 }, { goal: 'redlock-extended', atLeast: 1 }],
});
