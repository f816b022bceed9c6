/**
 * Shard exclusivity in true time: no two runs of the same item by different instances overlap. That is
 * what a sharded job promises between re-shardings ("each shard is run by one instance"); a re-sharding
 * that hands an item to a new instance while the old one is still running it breaks it.
 */
import type { CheckResult } from '../verdict.js';
import type { ShardRun } from './notes.js';

export interface OverlappingRuns {
  kind: 'overlapping-runs';
  item: number;
  first: ShardRun;
  second: ShardRun;
  overlapFromUs: number;
  overlapToUs: number;
}

const MAX_ANOMALIES = 20;

export function checkExclusiveRuns(runs: readonly ShardRun[]): CheckResult {
  const byItem = new Map<number, ShardRun[]>();
  for (const r of runs) {
    if (!(r.endUs > r.startUs)) continue;
    byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  }
  const anomalies: OverlappingRuns[] = [];
  let overlaps = 0;
  for (const [item, list] of [...byItem].sort(([a], [b]) => a - b)) {
    list.sort((a, b) => a.startUs - b.startUs || a.endUs - b.endUs);
    // Sweep by start: every earlier run still open when `r` starts overlaps it.
    const open: ShardRun[] = [];
    for (const r of list) {
      for (let i = open.length - 1; i >= 0; i--) if ((open[i] as ShardRun).endUs <= r.startUs) open.splice(i, 1);
      for (const a of open) {
        if (a.instance === r.instance) continue;
        overlaps++;
        if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind: 'overlapping-runs', item, first: a, second: r, overlapFromUs: r.startUs, overlapToUs: Math.min(a.endUs, r.endUs) });
      }
      open.push(r);
    }
  }
  const stats = { runs: runs.length, items: byItem.size, overlaps };
  const first = anomalies[0];
  if (first === undefined) return { valid: true, explanation: `${runs.length} runs of ${byItem.size} item(s), never two instances on one item at once`, anomalies: [], stats };
  return {
    valid: false,
    explanation:
      `${overlaps} overlapping run pair(s); first: item ${first.item} run by ${first.first.instance} and ${first.second.instance} at once over ` +
      `${ms(first.overlapFromUs)}-${ms(first.overlapToUs)} ms true time`,
    anomalies,
    stats,
  };
}

/**
 * Every item keeps running: each of `items` starts a run within [fromUs, fromUs + withinUs] (after the
 * heal, once the instances had time to re-shard). The item's last run before `fromUs` is shown when one is missing.
 */
export function checkShardsKeepRunning(runs: readonly ShardRun[], items: readonly number[], fromUs: number, withinUs: number): CheckResult {
  const toUs = fromUs + withinUs;
  const anomalies = items.flatMap((item) => {
    const mine = runs.filter((r) => r.item === item);
    if (mine.some((r) => r.startUs >= fromUs && r.startUs <= toUs)) return [];
    const before = mine.filter((r) => r.startUs < fromUs).at(-1) ?? null;
    return [{ kind: 'item-not-running', item, lastRunBefore: before }];
  });
  const stats = { items: items.length, missing: anomalies.length };
  if (anomalies.length === 0) return { valid: true, explanation: `all ${items.length} items ran within ${ms(withinUs)} ms of ${ms(fromUs)} ms`, anomalies, stats };
  return {
    valid: false,
    explanation: `item(s) ${anomalies.map((a) => a.item).join(', ')} did not run within ${ms(withinUs)} ms of ${ms(fromUs)} ms true time`,
    anomalies,
    stats,
  };
}

function ms(us: number): string {
  return (us / 1000).toFixed(3);
}
