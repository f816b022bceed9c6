/** Real client code (the redlock package over ioredis) against the Redis model. */
export { REAL_REDLOCK_SCENARIOS, realRedlockClockJump, realRedlockCrashDelayedRestart, realRedlockCrashNoPersistence, realRedlockSafe } from './scenarios.js';
