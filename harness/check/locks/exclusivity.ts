/**
 * Lock exclusivity in true time: no two clients ever believe they hold the same lock at the same true
 * instant. Beliefs come from the clients' own clocks (a client believes until its monotonic clock says
 * the validity is over), so this catches every way the lock service let two holders in: keys expiring
 * early on a jumped wall clock, keys lost in a crash, majorities that do not intersect.
 */
import type { CheckResult } from '../verdict.js';
import type { LockBelief } from './notes.js';

export interface OverlapAnomaly {
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
  const byLock = new Map<string, LockBelief[]>();
  for (const b of beliefs) {
    if (!(b.toUs > b.fromUs)) continue; // an empty belief (validity already over when granted)
    const list = byLock.get(b.lock) ?? [];
    list.push(b);
    byLock.set(b.lock, list);
  }
  const anomalies: OverlapAnomaly[] = [];
  let overlaps = 0;
  let maxOverlapUs = 0;
  for (const [lock, list] of [...byLock].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.fromUs - b.fromUs || a.toUs - b.toUs);
    // Sweep by start: every earlier belief still open when `b` starts overlaps it.
    const open: LockBelief[] = [];
    for (const b of list) {
      for (let i = open.length - 1; i >= 0; i--) if ((open[i] as LockBelief).toUs <= b.fromUs) open.splice(i, 1);
      for (const a of open) {
        if (a.client === b.client && a.session === b.session) continue;
        overlaps++;
        const overlapToUs = Math.min(a.toUs, b.toUs);
        maxOverlapUs = Math.max(maxOverlapUs, overlapToUs - b.fromUs);
        if (anomalies.length < MAX_ANOMALIES) {
          anomalies.push({ kind: 'overlapping-holders', lock, first: a, second: b, overlapFromUs: b.fromUs, overlapToUs });
        }
      }
      open.push(b);
    }
  }
  const stats = { beliefs: beliefs.length, locks: byLock.size, overlaps, maxOverlapUs };
  const first = anomalies[0];
  if (first === undefined) {
    return { valid: true, explanation: `${beliefs.length} lock beliefs on ${byLock.size} lock(s), never two holders at once`, anomalies: [], stats };
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

function ms(us: number): string {
  return (us / 1000).toFixed(3);
}
