/**
 * Lock exclusivity in true time: no two clients ever believe they hold the same lock at the same true
 * instant. Beliefs come from the clients' own clocks (a client believes until its monotonic clock says
 * the validity is over), so this catches every way the lock service let two holders in: keys expiring
 * early on a jumped wall clock, keys lost in a crash, majorities that do not intersect.
 */
import { sweepOverlaps } from '../overlaps.js';
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { LockBelief } from './notes.js';

export interface OverlapAnomaly extends AnomalyLocus {
  kind: 'overlapping-holders';
  lock: string;
  first: LockBelief;
  second: LockBelief;
  /** The true-time window both believed they held the lock. */
  overlapFromUs: number;
  overlapToUs: number;
}

/** Most anomalies reported (the first ones in time); the count in stats is exact. */
const MAX_ANOMALIES = 20;

export function checkLockExclusivity(beliefs: readonly LockBelief[]): CheckResult {
  const anomalies: OverlapAnomaly[] = [];
  let maxOverlapUs = 0;
  const { groups: locks, overlaps } = sweepOverlaps(beliefs, {
    key: (b) => b.lock,
    // An empty belief (validity already over when granted) is dropped by the sweep.
    fromUs: (b) => b.fromUs,
    toUs: (b) => b.toUs,
    sameOwner: (a, b) => a.client === b.client && a.session === b.session,
    onPair: (lock, a, b) => {
      const overlapToUs = Math.min(a.toUs, b.toUs);
      maxOverlapUs = Math.max(maxOverlapUs, overlapToUs - b.fromUs);
      if (anomalies.length < MAX_ANOMALIES) {
        anomalies.push({ kind: 'overlapping-holders', lock, first: a, second: b, overlapFromUs: b.fromUs, overlapToUs, fromUs: b.fromUs, toUs: overlapToUs, nodes: [a.client, b.client] });
      }
    },
  });
  const stats = { beliefs: beliefs.length, locks, overlaps, maxOverlapUs };
  const first = anomalies[0];
  if (first === undefined) {
    return { valid: true, explanation: `${beliefs.length} lock beliefs on ${locks} lock(s), never two holders at once`, anomalies: [], stats };
  }
  return {
    valid: false,
    explanation:
      `${overlaps} overlapping holder pair(s); first: ${first.first.client} (${first.first.session}) and ` +
      `${first.second.client} (${first.second.session}) both held "${first.lock}" over ` +
      `${ms(first.overlapFromUs)}-${ms(first.overlapToUs)} ms true time`,
    anomalies,
    stats,
  };
}
