import type { History } from '../../history/types.js';
import { Budget, type BudgetOptions } from './budget.js';
import { describeState, minimalIllegalSet, partialLinearization, pathOps, tellStory } from './explain.js';
import type { AnyModel } from './model.js';
import { components, mergeLinearizations } from './locality.js';
import { checkShape, toLinOps } from './ops.js';
import type { LinearizabilityResult, NonLinearizable, WindowRef } from './result.js';
import type { LinOp } from './ops.js';
import { WindowSearcher, type Config } from './search.js';
import { StreamSearcher } from './stream-search.js';
import { StateTable } from './states.js';
import { cutWindows, type Window } from './windows.js';

export interface CheckOptions extends BudgetOptions {
  /** Split at quiescent points and carry the set of end states (default false: the exhaustive per-window end-state search measured slower than one lazy DFS on the Porcupine fixtures). */
  windows?: boolean;
  /** Merge windows until each has at least this many ops (default 64). */
  minWindowOps?: number;
  /**
   * Partitions with at least this many operations use the streaming search (memo keys relative to the
   * oldest open operation, dead indeterminate ops dropped, read-only ops first); default STREAM_FROM_OPS.
   */
  streamFromOps?: number;
  /** Shrink violations to a minimal op set (default true); time allowed for it, ms (default 2000). */
  minimize?: boolean;
  minimizeMs?: number;
  /** Look at every partition even after a violation (default false: stop at the first). */
  allPartitions?: boolean;
}

/**
 * Partition size from which the streaming search is used by default: every size. On Porcupine's etcd
 * histories it takes about 0.6 times the bitset search's time (read-only ops first, dead indeterminate ops),
 * on the kv ones about 1.1 times (no indeterminate ops; its memo keys cost more to build); only it decides
 * long or highly concurrent histories (1,000 cas ops of 20 processes: 0.4 s, the bitset search unknown).
 */
export const STREAM_FROM_OPS = 0;

type PartitionOutcome =
  | { verdict: true; linearization: number[] }
  | { verdict: false; anomaly: NonLinearizable }
  | { verdict: 'unknown'; reason: 'time' | 'memory'; window: WindowRef };

/**
 * Checks a history against a model: P-compositional split, windowed WGL search, explained violations.
 * Throws HistoryShapeError when the model cannot read an op or a process's ops do not alternate.
 */
export function checkLinearizability(history: History, model: AnyModel, options: CheckOptions = {}): LinearizabilityResult {
  checkShape(history, model);
  const budget = new Budget(options);
  const split = components(history, model);
  const parts = split.map((c) => c.history);
  const labels = split.map((c) => c.label);
  const stats = { ops: 0, partitions: parts.length, windows: 0, visited: 0, states: 0, ms: 0 };
  const anomalies: NonLinearizable[] = [];
  let linearization: Record<string, number[]> = {};
  let unknown: LinearizabilityResult['unknown'];
  const checks: (PartitionCheck | null)[] = parts.map((part, p) => new PartitionCheck(part, model, labels[p]!, options, stats));
  // Partitions take turns in slices that double each round, so one hard partition cannot hide an easy
  // violation in another (Porcupine gets the same effect by checking partitions in parallel), and no search
  // is ever restarted. The memo limit counts every paused search's entries.
  let open = parts.map((_, p) => p);
  let slice = parts.length === 1 ? Infinity : 2048;
  search: while (open.length > 0) {
    const still: number[] = [];
    for (const p of open) {
      const check = checks[p]!;
      budget.held = 0;
      budget.heldBytes = 0;
      for (const q of open) {
        if (q === p) continue;
        budget.held += checks[q]?.entries ?? 0;
        budget.heldBytes += checks[q]?.bytes ?? 0;
      }
      const out = check.run(budget, slice);
      if (out === null) {
        still.push(p);
        continue;
      }
      if (out.verdict === 'unknown' && out.reason === 'memory' && (budget.held > 0 || budget.heldBytes > 0)) {
        // The memos of several paused searches together hit the limit. Fall back to one partition at a
        // time, each alone with the whole limit: drop every open search and start them again in turn.
        open = open.filter((q) => checks[q] !== null);
        for (const q of open) checks[q]!.reset();
        budget.held = 0;
        budget.heldBytes = 0;
        budget.exhausted = null;
        slice = Infinity;
        continue search;
      }
      checks[p] = null; // frees its memo
      if (out.verdict === true) linearization[labels[p]!] = out.linearization;
      else if (out.verdict === false) {
        anomalies.push(out.anomaly);
        if (!options.allPartitions) break search;
      } else {
        unknown ??= { reason: out.reason, window: out.window };
        break search;
      }
    }
    open = still;
    slice *= 2;
  }
  budget.held = 0;
  for (const c of checks) stats.visited += c?.entries ?? 0; // searches left paused by an early verdict
  stats.ms = performance.now() - budget.startedAt;
  const valid = anomalies.length > 0 ? false : unknown !== undefined ? 'unknown' : true;
  let explanation: string;
  const oneObject = model.partition === undefined && parts.length > 1;
  if (valid === true)
    explanation = oneObject
      ? `Linearizable: ${stats.ops} operations as one ${model.name} (${parts.length} components of disjoint footprints, searched apart).`
      : `Linearizable: ${stats.ops} operations in ${stats.partitions} partition(s).`;
  else if (valid === false) explanation = anomalies.map((a) => a.story).join('\n\n');
  else
    explanation =
      `Unknown: the ${unknown!.reason} budget ran out while searching window ${unknown!.window.index} of ${unknown!.window.partition}` +
      ` (${unknown!.window.ops.length} operations, from #${unknown!.window.ops[0] ?? '-'}).`;
  // A model that is one object (split only by footprints) gets one linearization of the whole history.
  if (valid === true && oneObject) linearization = { all: mergeLinearizations(history, labels.map((l) => linearization[l]!)) };
  const result: LinearizabilityResult = { valid, anomalies, explanation, stats };
  if (unknown !== undefined && valid === 'unknown') result.unknown = unknown;
  if (valid === true) result.linearization = linearization;
  return result;
}

/**
 * One partition's check, resumable: its windows are searched one after another, each by a resumable
 * searcher, so `run` can stop after a slice and continue later.
 */
class PartitionCheck {
  // Set up on the first `run`: an early violation elsewhere means most partitions are never searched.
  #ops: LinOp[] = [];
  #table: StateTable | null = null;
  #windows: Window[] = [];
  #w = 0;
  #configs: Config[] = [];
  #searcher: WindowSearcher | StreamSearcher | null = null;
  #counted = false;

  constructor(
    readonly history: History,
    readonly model: AnyModel,
    readonly label: string,
    readonly options: CheckOptions,
    readonly stats: LinearizabilityResult['stats'],
  ) {}

  #setUp(): StateTable {
    const { model, options } = this;
    const ops = toLinOps(this.history, model);
    this.#ops = ops;
    if (!this.#counted) this.stats.ops += ops.length;
    this.#counted = true;
    const table = new StateTable(model, ops);
    this.#table = table;
    this.#windows = options.windows !== true ? [{ index: 0, ops: ops.map((_, i) => i) }] : cutWindows(ops, options.minWindowOps ?? 64);
    this.#configs = [{ state: table.init, pending: [], path: null }];
    return table;
  }

  /** Forgets all progress (and memory): the next `run` starts over. */
  reset(): void {
    this.#table = null;
    this.#searcher = null;
    this.#w = 0;
  }

  /** Memo entries held by the search in progress. */
  get entries(): number {
    return this.#searcher?.visited.size ?? 0;
  }

  /** Memo bytes held by the search in progress. */
  get bytes(): number {
    return this.#searcher?.visited.bytesAfter(0) ?? 0;
  }

  /** Searches for about `slice` iterations; null when paused, otherwise the partition's outcome. */
  run(budget: Budget, slice: number): PartitionOutcome | null {
    const { model, options, stats } = this;
    const table = this.#table ?? this.#setUp();
    const ops = this.#ops;
    for (; this.#w < this.#windows.length; this.#w++) {
      const w = this.#windows[this.#w]!;
      const configs = this.#configs;
      if (this.#searcher === null) {
        stats.windows++;
        const last = w.index === this.#windows.length - 1;
        this.#searcher =
          this.#windows.length === 1 && w.ops.length >= (options.streamFromOps ?? STREAM_FROM_OPS)
            ? new StreamSearcher(table, w.ops, configs[0]!)
            : new WindowSearcher(table, { ops: w.ops, starts: configs, mode: last ? 'first' : 'all' });
      }
      const searcher = this.#searcher;
      if (!searcher.run(budget, slice)) return null;
      this.#searcher = null;
      const r = searcher.result;
      stats.visited += r.visited;
      const ref: WindowRef = { partition: this.label, index: w.index, ops: w.ops.map((i) => ops[i]!.index) };
      if (r.status === 'budget') return this.#end({ verdict: 'unknown', reason: budget.exhausted ?? 'time', window: ref });
      if (r.status === 'illegal') {
        const startStates = [...new Set(configs.map((c) => c.state))].map((s) => describeState(model, table.state(s)));
        const prefix = [...pathOps(r.deepest.from?.path ?? null), ...r.deepest.ops];
        const placed = new Set(r.deepest.ops);
        const blocker = r.unplaced ?? w.ops.find((i) => !ops[i]!.indeterminate && !placed.has(i));
        const min =
          options.minimize === false
            ? { ops: w.ops.filter((i) => !ops[i]!.indeterminate), approximate: true }
            : minimalIllegalSet(table, w.ops, configs, options.minimizeMs ?? 2000, blocker, r.unplaced !== undefined);
        const anomaly: NonLinearizable = {
          kind: 'non-linearizable',
          partition: this.label,
          window: ref,
          minimalOps: min.ops.map((i) => ops[i]!.index),
          minimalIsApproximate: min.approximate,
          longestPrefix: prefix.map((i) => ops[i]!.index),
          startStates,
          story: tellStory(model, table, this.label, startStates, min.ops, min.approximate, prefix),
        };
        const partial = partialLinearization(model, table, prefix, w.ops);
        if (partial !== undefined) anomaly.partial = partial;
        return this.#end({ verdict: false, anomaly });
      }
      this.#configs = r.ends;
    }
    return this.#end({ verdict: true, linearization: pathOps(this.#configs[0]?.path ?? null).map((i) => ops[i]!.index) });
  }

  #end(out: PartitionOutcome): PartitionOutcome {
    this.stats.states += this.#table?.size ?? 0;
    return out;
  }
}
