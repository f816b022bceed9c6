import type { History } from '../../history/types.js';
import { Budget, type BudgetOptions } from './budget.js';
import { describeState, minimalIllegalSet, pathOps, tellStory } from './explain.js';
import type { AnyModel } from './model.js';
import { toLinOps } from './ops.js';
import type { LinearizabilityResult, NonLinearizable, WindowRef } from './result.js';
import { searchWindow, type Config } from './search.js';
import { StateTable } from './states.js';
import { cutWindows } from './windows.js';

export interface CheckOptions extends BudgetOptions {
  /** Split at quiescent points and carry the set of end states (default false: the exhaustive per-window end-state search measured slower than one lazy DFS on the Porcupine fixtures). */
  windows?: boolean;
  /** Merge windows until each has at least this many ops (default 64). */
  minWindowOps?: number;
  /** Shrink violations to a minimal op set (default true); time allowed for it, ms (default 2000). */
  minimize?: boolean;
  minimizeMs?: number;
  /** Look at every partition even after a violation (default false: stop at the first). */
  allPartitions?: boolean;
}

type PartitionOutcome =
  | { verdict: true; linearization: number[] }
  | { verdict: false; anomaly: NonLinearizable }
  | { verdict: 'unknown'; reason: 'time' | 'memory'; window: WindowRef };

/** Checks a history against a model: P-compositional split, windowed WGL search, explained violations. */
export function checkLinearizability(history: History, model: AnyModel, options: CheckOptions = {}): LinearizabilityResult {
  const budget = new Budget(options);
  const parts = model.partition ? model.partition(history) : [history];
  const stats = { ops: 0, partitions: parts.length, windows: 0, visited: 0, states: 0, ms: 0 };
  const anomalies: NonLinearizable[] = [];
  const linearization: Record<string, number[]> = {};
  let unknown: LinearizabilityResult['unknown'];
  // Partitions are searched in rounds with a growing memo cap, so one hard partition cannot hide an easy
  // violation in another (Porcupine gets the same effect by checking partitions in parallel).
  const labels = parts.map((part, p) =>
    parts.length === 1 ? 'all' : part[0]?.key !== undefined ? `key ${JSON.stringify(part[0].key)}` : `partition ${p}`,
  );
  let open = parts.map((_, p) => p);
  let cap = parts.length === 1 ? budget.maxEntries : 20_000;
  for (;;) {
    const still: number[] = [];
    const last = cap >= budget.maxEntries;
    const roundBudget = last ? budget : budget.capped(cap);
    for (const p of open) {
      const roundStats = { ...stats, ops: 0, partitions: 0, windows: 0, visited: 0, states: 0 };
      const out = checkPartition(parts[p]!, model, labels[p]!, options, roundBudget, roundStats);
      stats.visited += roundStats.visited;
      stats.states += roundStats.states;
      if (out.verdict === 'unknown' && !last && roundBudget.exhausted === 'memory') {
        roundBudget.exhausted = null;
        still.push(p);
        continue;
      }
      stats.ops += roundStats.ops;
      stats.windows += roundStats.windows;
      if (out.verdict === true) linearization[labels[p]!] = out.linearization;
      else if (out.verdict === false) {
        anomalies.push(out.anomaly);
        if (!options.allPartitions) break;
      } else {
        unknown ??= { reason: out.reason, window: out.window };
        if (budget.exhausted !== null || roundBudget.exhausted === 'time') {
          budget.exhausted ??= roundBudget.exhausted;
          break;
        }
      }
    }
    if (still.length === 0 || (anomalies.length > 0 && !options.allPartitions) || budget.exhausted !== null) break;
    open = still;
    cap *= 4;
  }
  stats.ms = performance.now() - budget.startedAt;
  const valid = anomalies.length > 0 ? false : unknown !== undefined ? 'unknown' : true;
  let explanation: string;
  if (valid === true) explanation = `Linearizable: ${stats.ops} operations in ${stats.partitions} partition(s).`;
  else if (valid === false) explanation = anomalies.map((a) => a.story).join('\n\n');
  else
    explanation =
      `Unknown: the ${unknown!.reason} budget ran out while searching window ${unknown!.window.index} of ${unknown!.window.partition}` +
      ` (${unknown!.window.ops.length} operations, from #${unknown!.window.ops[0] ?? '-'}).`;
  const result: LinearizabilityResult = { valid, anomalies, explanation, stats };
  if (unknown !== undefined && valid === 'unknown') result.unknown = unknown;
  if (valid === true) result.linearization = linearization;
  return result;
}

function checkPartition(
  history: History,
  model: AnyModel,
  label: string,
  options: CheckOptions,
  budget: Budget,
  stats: LinearizabilityResult['stats'],
): PartitionOutcome {
  const ops = toLinOps(history, model);
  stats.ops += ops.length;
  const table = new StateTable(model, ops);
  const windows = options.windows !== true ? [{ index: 0, ops: ops.map((_, i) => i) }] : cutWindows(ops, options.minWindowOps ?? 64);
  let configs: Config[] = [{ state: table.intern(model.init()), pending: [], path: null }];
  try {
    for (const w of windows) {
      stats.windows++;
      const last = w.index === windows.length - 1;
      const r = searchWindow(table, { ops: w.ops, starts: configs, mode: last ? 'first' : 'all' }, budget);
      stats.visited += r.visited;
      const ref: WindowRef = { partition: label, index: w.index, ops: w.ops.map((i) => ops[i]!.index) };
      if (r.status === 'budget') return { verdict: 'unknown', reason: budget.exhausted ?? 'time', window: ref };
      if (r.status === 'illegal') {
        const startStates = [...new Set(configs.map((c) => c.state))].map((s) => describeState(model, table.states[s]));
        const min =
          options.minimize === false
            ? { ops: w.ops.filter((i) => !ops[i]!.indeterminate), approximate: true }
            : minimalIllegalSet(table, w.ops, configs, options.minimizeMs ?? 2000);
        const prefix = [...pathOps(r.deepest.from?.path ?? null), ...r.deepest.ops];
        const anomaly: NonLinearizable = {
          kind: 'non-linearizable',
          partition: label,
          window: ref,
          minimalOps: min.ops.map((i) => ops[i]!.index),
          minimalIsApproximate: min.approximate,
          longestPrefix: prefix.map((i) => ops[i]!.index),
          startStates,
          story: tellStory(model, table, label, startStates, min.ops, min.approximate, prefix),
        };
        return { verdict: false, anomaly };
      }
      configs = r.ends;
    }
  } finally {
    stats.states += table.states.length;
  }
  return { verdict: true, linearization: pathOps(configs[0]?.path ?? null).map((i) => ops[i]!.index) };
}
