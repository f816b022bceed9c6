/**
 * The overlap sweep shared by the true-time exclusivity checkers (lock holders, shard runs): intervals
 * grouped by key, each group swept in start order, every pair of different owners open at once reported.
 */

export interface OverlapSweep<T, K extends string | number> {
  key: (t: T) => K;
  fromUs: (t: T) => number;
  toUs: (t: T) => number;
  /** Pairs of one owner never count as overlapping. */
  sameOwner: (a: T, b: T) => boolean;
  /** Called for every overlapping pair, groups in key order, pairs in the order `second` starts. */
  onPair: (key: K, first: T, second: T) => void;
}

/**
 * Empty intervals (`to <= from`) are dropped; groups are visited in ascending key order, a group's
 * intervals by (from, to). Returns how many non-empty groups there were and how many pairs overlapped.
 */
export function sweepOverlaps<T, K extends string | number>(items: readonly T[], sweep: OverlapSweep<T, K>): { groups: number; overlaps: number } {
  const { key, fromUs, toUs, sameOwner, onPair } = sweep;
  const byKey = new Map<K, T[]>();
  for (const t of items) {
    if (!(toUs(t) > fromUs(t))) continue;
    const list = byKey.get(key(t));
    if (list === undefined) byKey.set(key(t), [t]);
    else list.push(t);
  }
  let overlaps = 0;
  for (const [k, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => fromUs(a) - fromUs(b) || toUs(a) - toUs(b));
    // Sweep by start: every earlier interval still open when `t` starts overlaps it.
    const open: T[] = [];
    for (const t of list) {
      for (let i = open.length - 1; i >= 0; i--) if (toUs(open[i] as T) <= fromUs(t)) open.splice(i, 1);
      for (const a of open) {
        if (sameOwner(a, t)) continue;
        overlaps++;
        onPair(k, a, t);
      }
      open.push(t);
    }
  }
  return { groups: byKey.size, overlaps };
}
