import type { CheckResult } from '../verdict.js';

/** Election safety: at most one leader established per epoch. */
export function checkOneLeaderPerEpoch(established: readonly { epoch: number; leader: string }[]): CheckResult {
  const byEpoch = new Map<number, Set<string>>();
  for (const { epoch, leader } of established) {
    let set = byEpoch.get(epoch);
    if (set === undefined) byEpoch.set(epoch, (set = new Set()));
    set.add(leader);
  }
  const anomalies = [...byEpoch].filter(([, s]) => s.size > 1).map(([epoch, s]) => ({ kind: 'two-leaders', epoch, leaders: [...s].sort() }));
  const stats = { epochs: byEpoch.size };
  if (anomalies.length === 0) return { valid: true, explanation: `one leader in each of ${byEpoch.size} epochs`, anomalies, stats };
  const a = anomalies[0]!;
  return { valid: false, explanation: `epoch ${a.epoch} had ${a.leaders.length} established leaders: ${a.leaders.join(', ')}`, anomalies, stats };
}
