/** Unique-ID checkers and their scenario factory. */
import type { ScenarioChecker } from '../../run/scenario.js';
import type { Named } from '../checkers.js';
import { checkUniqueIds, issuedIds } from './unique-ids.js';

export { checkUniqueIds, issuedIds, issuedIdLine, ID_ISSUED_LOG, type IssuedId, type DuplicateIdAnomaly, type NotIncreasingAnomaly } from './unique-ids.js';

/** No ID issued twice, and each worker's IDs increase (from the generators' `id-issued` log lines). */
export function uniqueIds(options?: Named): ScenarioChecker {
  return {
    name: options?.name ?? 'unique IDs (globally distinct, increasing per worker)',
    check: (run) => {
      const dropped = run.sim.stats().droppedLogLines;
      if (dropped > 0) return { valid: 'unknown', explanation: `${dropped} log lines were dropped (past the simulation's maxLogLines): issued IDs are incomplete`, anomalies: [] };
      return checkUniqueIds(issuedIds(run.sim.logs));
    },
  };
}
