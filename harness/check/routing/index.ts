/** Routing checkers: one owner per key at a time (with each owner's membership epoch), moved keys per membership change as stats. */
import type { RunArtifacts, ScenarioChecker } from '../../run/scenario.js';
import type { Named } from '../checkers.js';
import { servedRequests, servingChanges, viewAdoptions } from './events.js';
import { membershipChanges, movedKeyStats } from './moved-keys.js';
import { checkSingleOwner, ownerships } from './single-owner.js';

export {
  routingServingLine, routingViewLine, routingServedLine, servingChanges, viewAdoptions, servedRequests, ROUTING_SERVING_LOG, ROUTING_VIEW_LOG, ROUTING_SERVED_LOG,
  type ServingChange, type ViewAdoption, type ServedRequest,
} from './events.js';
export { checkSingleOwner, ownerships, type Ownership, type TwoOwnersAnomaly } from './single-owner.js';
export { membershipChanges, movedKeyStats, type MembershipChange } from './moved-keys.js';

/** A node's serving ends at its next crash (or restart) after `fromUs`, or at the end of the run. */
export function servingEnd(run: RunArtifacts): (node: string, fromUs: number) => number {
  return (node, fromUs) => run.schedule.find((f) => (f.kind === 'crash' || f.kind === 'restart') && f.node === node && f.at > fromUs)?.at ?? run.sim.nowUs;
}

/** Never two cache nodes owning one key at once while one of them answers for it; the share of keys each join or leave moved, as stats. */
export function singleOwner(options?: Named): ScenarioChecker {
  return {
    name: options?.name ?? 'single owner (one node serves a key at a time, whatever its membership epoch)',
    check: (run) => {
      const dropped = run.sim.stats().droppedLogLines;
      if (dropped > 0) return { valid: 'unknown', explanation: `${dropped} log lines were dropped (past the simulation's maxLogLines): serving changes are incomplete`, anomalies: [] };
      const result = checkSingleOwner(ownerships(servingChanges(run.sim.logs), servingEnd(run)), servedRequests(run.sim.logs));
      return { ...result, stats: { ...result.stats, ...movedKeyStats(membershipChanges(viewAdoptions(run.sim.logs))) } };
    },
  };
}
