/** Atomic commit: 2PC keeps atomicity under coordinator crashes (blocking), 3PC diverges under partitions;
 * TCC needs both its guards (empty rollback, suspension) when a try is late or lost. */
import { tccGuarded, tccNoGuards, tccNoSuspensionGuard } from './tcc.js';
import { threePhasePartition } from './three-phase.js';
import { twoPhaseCooperative, twoPhaseCoordinatorCrash } from './two-phase.js';

export const ATOMIC_COMMIT_SCENARIOS = [twoPhaseCoordinatorCrash, twoPhaseCooperative, threePhasePartition, tccNoGuards, tccNoSuspensionGuard, tccGuarded];
