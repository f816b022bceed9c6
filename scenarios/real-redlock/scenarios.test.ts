/**
 * The real-redlock scenarios swept over their seeds (see sweep.test-util.ts): the redlock package over
 * ioredis loses exclusivity to a clock jump and to a restart without persistence, and keeps it with
 * delayed restarts and in the safe configuration; a seed gives one trace hash run after run.
 */
import { test } from 'uvu';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { REAL_REDLOCK_SCENARIOS, realRedlockClockJump } from './index.js';

sweepTests(REAL_REDLOCK_SCENARIOS, {
  flawCheckers: {
    'real-redlock/clock-jump': ['lock exclusivity', 'mutex history (linearizable)'],
    'real-redlock/crash-no-persistence': ['lock exclusivity', 'mutex history (linearizable)'],
  },
});

determinismTest(realRedlockClockJump, 4);

test.run();
