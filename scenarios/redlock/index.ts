/** Redis lock scenarios (single instance and Redlock), safe and documented-unsafe. */
import { redlockClientPause, redlockClientPauseFencing } from './client-pause.js';
import { redlockClockJump } from './clock-jump.js';
import { redlockCrashDelayedRestart, redlockCrashNoPersistence } from './crash-restart.js';
import { redlockSafe } from './safe.js';
import { singleInstanceCrash } from './single-instance.js';

export const REDLOCK_SCENARIOS = [
  redlockSafe,
  redlockClockJump,
  redlockCrashNoPersistence,
  redlockCrashDelayedRestart,
  redlockClientPause,
  redlockClientPauseFencing,
  singleInstanceCrash,
];
