/** Atomic-commit checkers (2PC, 3PC, TCC) and their scenario factories. */
import type { RunArtifacts, ScenarioChecker } from '../../run/scenario.js';
import type { Named } from '../checkers.js';
import type { CheckResult } from '../verdict.js';
import { checkAtomicity } from './atomicity.js';
import { commitEvents } from './events.js';
import { checkReservations } from './reservations.js';

export { checkAtomicity, type AtomicityAnomaly, type DisagreementAnomaly, type InvalidCommitAnomaly, type Decision } from './atomicity.js';
export { checkReservations, type ReservationLeftAnomaly, type BranchUnfinishedAnomaly } from './reservations.js';
export { commitEvents, commitEventLine, COMMIT_EVENT_LOG, COMMIT_OUTCOME_NOTE, type CommitEvent, type CommitEventBody, type Outcome } from './events.js';

/** Every decision of a transaction agrees, and commits had every yes vote; blocked time in doubt as stats. */
export function atomicity(options?: Named): ScenarioChecker {
  return {
    name: options?.name ?? 'atomicity (one outcome per transaction, commit only on every yes vote)',
    check: (run) => whenComplete(run, () => checkAtomicity(commitEvents(run.sim.logs, run.notes), run.sim.nowUs)),
  };
}

/** TCC: no reservation left frozen and every confirm/cancel acknowledged by the end of the run. */
export function reservationsReleased(options?: Named): ScenarioChecker {
  return {
    name: options?.name ?? 'reservations released (every try confirmed or cancelled)',
    check: (run) => whenComplete(run, () => checkReservations(commitEvents(run.sim.logs, run.notes), run.sim.nowUs)),
  };
}

/** The events are log lines and notes: a run that dropped some (past `maxLogLines`) cannot be judged. */
function whenComplete(run: RunArtifacts, check: () => CheckResult): CheckResult {
  const dropped = run.sim.stats().droppedLogLines;
  if (dropped === 0) return check();
  return { valid: 'unknown', explanation: `${dropped} log lines or notes were dropped (past the simulation's maxLogLines): commit events are incomplete`, anomalies: [] };
}
