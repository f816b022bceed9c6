import type { AnyScenario } from '../harness/run/scenario.js';
import { primaryBackup } from './examples/primary-backup.js';
import { quorumSet } from './examples/quorum-set.js';

/** Every scenario faultline knows, in a stable order. Add new ones here. */
export const SCENARIOS: readonly AnyScenario[] = [primaryBackup, quorumSet];
