/**
 * Checkers several scenario families share. Their names are part of results, reports and replay files:
 * each family keeps its own spelling (`lockExclusivity(name)`, `resourceSafety(fencing, fencedName)`).
 */
import { checkAcknowledgedAdds, checkLockExclusivity, lockBeliefs, resourceWrites, runEnds, checkResourceSafety, type ScenarioChecker } from '../harness/index.js';

/** No acknowledged add is lost: every add a client saw succeed is in the final read. */
export const ACKNOWLEDGED_ADDS: ScenarioChecker = {
  name: 'acknowledged adds survive',
  check: (run) => checkAcknowledgedAdds(run.history),
};

/** At most one client believes it holds a lock at any true time (the `lock-held` / `lock-belief` notes, ended by crashes and the run's end). */
export function lockExclusivity(name: string): ScenarioChecker {
  return {
    name,
    check: (run) => checkLockExclusivity(lockBeliefs(run.notes, runEnds(run.schedule, run.sim.nowUs))),
  };
}

/**
 * The protected resource accepted no write from a superseded holder (the `resource-write` notes); with
 * `fencing`, writes are checked against their fencing tokens and the checker is named `fencedName`.
 */
export function resourceSafety(fencing: boolean, fencedName: string): ScenarioChecker {
  return {
    name: fencing ? fencedName : 'resource safety',
    check: (run) => checkResourceSafety(resourceWrites(run.notes), { fencing }),
  };
}
