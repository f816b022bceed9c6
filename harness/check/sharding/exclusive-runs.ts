/**
 * Shard exclusivity in true time: no two runs of the same item by different instances overlap. That is
 * what a sharded job promises between re-shardings ("each shard is run by one instance"); a re-sharding
 * that hands an item to a new instance while the old one is still running it breaks it.
 */
import { sweepOverlaps } from '../overlaps.js';
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { ShardRun } from './notes.js';

export interface OverlappingRuns extends AnomalyLocus {
  kind: 'overlapping-runs';
  item: number;
  first: ShardRun;
  second: ShardRun;
  overlapFromUs: number;
  overlapToUs: number;
}

const MAX_ANOMALIES = 20;

export function checkExclusiveRuns(runs: readonly ShardRun[]): CheckResult {
  const anomalies: OverlappingRuns[] = [];
  const { groups: items, overlaps } = sweepOverlaps(runs, {
    key: (r) => r.item,
    fromUs: (r) => r.startUs,
    toUs: (r) => r.endUs,
    sameOwner: (a, b) => a.instance === b.instance,
    onPair: (item, a, r) => {
      if (anomalies.length < MAX_ANOMALIES) {
        const overlapToUs = Math.min(a.endUs, r.endUs);
        anomalies.push({ kind: 'overlapping-runs', item, first: a, second: r, overlapFromUs: r.startUs, overlapToUs, fromUs: r.startUs, toUs: overlapToUs, nodes: [a.node, r.node] });
      }
    },
  });
  const stats = { runs: runs.length, items, overlaps };
  const first = anomalies[0];
  if (first === undefined) return { valid: true, explanation: `${runs.length} runs of ${items} item(s), never two instances on one item at once`, anomalies: [], stats };
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
    return [{ kind: 'item-not-running', item, lastRunBefore: before, fromUs, toUs, nodes: before === null ? [] : [before.node] }];
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
