import { Budget } from './budget.js';
import type { AnyModel } from './model.js';
import type { LinOp } from './ops.js';
import { searchWindow, type Config, type Path } from './search.js';
import { searchStream } from './stream-search.js';
import type { PartialLinearization } from './result.js';
import { StateTable } from './states.js';

/** Flattens a shared path into op ids in linearization order. */
export function pathOps(path: Path | null): number[] {
  const parts: (readonly number[])[] = [];
  for (let p = path; p !== null; p = p.parent) parts.push(p.ops);
  return parts.reverse().flat();
}

/** Window size from which minimisation searches with the streaming search. */
const STREAM_MINIMIZE_FROM_OPS = 2048;

/** Determinate ops in a window from which minimisation starts from runs around the blocker. */
const LOCALIZE_FROM_OPS = 4096;

/** Memo entries allowed to the search for a telling witness (a linearization with the culprit free in time). */
const WITNESS_ENTRIES = 1 << 16;

/** The same for a subset whose telling witness is lost with a removal: a smaller search, tried often. */
const SUBSET_WITNESS_ENTRIES = 1 << 12;

/**
 * Shrinks an illegal window to a small set of determinate ops that still cannot be linearized from the same
 * start configurations. First the shortest illegal prefix (illegality only grows with more ops): its last op,
 * the culprit, is the one that cannot be placed. Then ops are removed in chunks, halving the chunk size down
 * to single ops (delta debugging); a removal is kept when the rest is still illegal and still telling.
 *
 * Telling: the prefix has a witness, a linearization once the culprit may take effect at any time (so it is
 * its interval that is impossible, not its result), and a set is telling while that witness, restricted to
 * the set, still replays (or another is found in a small search). So the set never blames the culprit on a missing writer (a read whose writer was
 * removed is illegal alone, and says nothing): it keeps what the culprit needs and what its interval
 * forbids. Without a witness (the culprit fits nowhere, the witness search is too large, or the window is
 * long enough for the streaming search) sets are judged by illegality alone. Every op kept was needed when
 * last tried. Indeterminate ops stay available throughout (except those invoked after the set's last return
 * or observed by none of it: they cannot matter), so the set is illegal even with them. `blocker` (where
 * the search got stuck) lets a very long window start from a short run before it; with `unplaced`,
 * the streaming search found the ops invoked up to it illegal already (WindowResult.unplaced).
 */
export function minimalIllegalSet(
  table: StateTable,
  windowOps: readonly number[],
  starts: readonly Config[],
  timeMs: number,
  blocker?: number,
  unplaced = false,
): { ops: number[]; approximate: boolean } {
  const budget = new Budget({ timeMs });
  const ops = table.ops;
  const model = table.model;
  const free = windowOps.filter((i) => ops[i]!.indeterminate);
  let fixed = windowOps.filter((i) => !ops[i]!.indeterminate);
  // Minimisation runs many searches over small sets, where the bitset search's setup is cheaper; long
  // windows need the streaming search's bounded memo.
  const streaming = starts.length === 1 && starts[0]!.pending.length === 0 && windowOps.length >= STREAM_MINIMIZE_FROM_OPS;
  /**
   * The subset with the free ops that can matter to it, in call order: not those invoked after every op of
   * the subset returned (they can go last), nor those no op of the subset can observe (Model.lastObservers).
   */
  const universe = (subset: readonly number[]): number[] => {
    const lastReturn = subset.reduce((m, i) => Math.max(m, ops[i]!.retPos), -1);
    const all = [...subset, ...free.filter((i) => ops[i]!.callPos < lastReturn)].sort((a, b) => a - b);
    // (The streaming search drops unobserved ones itself, by the partition's observers.)
    if (streaming || model.lastObservers === undefined || all.length === subset.length) return all;
    const last = model.lastObservers(all.map((i) => ops[i]!));
    return all.filter((i, k) => !ops[i]!.indeterminate || last[k]! >= 0);
  };
  const search = (t: StateTable, subset: readonly number[], b: Budget) =>
    streaming ? searchStream(t, universe(subset), starts[0]!, b) : searchWindow(t, { ops: universe(subset), starts, mode: 'first' }, b);
  const illegal = (subset: readonly number[]): boolean | null => {
    const r = search(table, subset, budget);
    return r.status === 'budget' ? null : r.status === 'illegal';
  };
  // In a very long window (where searching prefixes of the whole window cannot finish in time) first try
  // growing runs of ops ending just after `blocker`, the first op the search could not place. A run leaves
  // out the ops before it, so it may be illegal only because a read's writer is cut off; below this size the
  // prefixes of the whole window are searched instead.
  const at = blocker === undefined || fixed.length < LOCALIZE_FROM_OPS ? -1 : fixed.indexOf(blocker);
  // With `unplaced`, the ops invoked up to `blocker` are illegal already (WindowResult.unplaced).
  let known = unplaced && blocker !== undefined ? fixed.indexOf(blocker) + 1 : 0;
  for (let k = 64; at >= 0 && k < fixed.length; k *= 4) {
    const run = fixed.slice(Math.max(0, at - k), at + 9);
    const r = illegal(run);
    if (r === null) return { ops: fixed, approximate: true };
    if (r) {
      fixed = run;
      known = 0;
      break;
    }
  }
  // Shortest illegal prefix by binary search over the number of determinate ops kept.
  let lo = 1;
  let hi = known > 0 ? known : fixed.length;
  const untested = known > 0 && known < fixed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = illegal(fixed.slice(0, mid));
    if (r === null) return { ops: fixed.slice(0, hi), approximate: true };
    if (r) hi = mid;
    else lo = mid + 1;
  }
  const culprit = fixed[hi - 1]!;
  let rest = fixed.slice(0, hi - 1);
  const loose = looseTable(table, culprit);
  /** A linearization of the subset with the culprit free in time, or null (none, or more than `entries` memo entries to find). */
  const witnessOf = (subset: readonly number[], entries: number): readonly number[] | null => {
    const r = search(loose, subset, new Budget({ timeMs: budget.deadline - performance.now(), maxCacheEntries: entries }));
    return r.status === 'ok' ? r.ends[0]!.path!.ops : null;
  };
  // In the streaming search a culprit free from the start keeps every memo key spanning the window: long
  // windows are judged by illegality alone.
  let witness = streaming ? null : witnessOf(fixed.slice(0, hi), WITNESS_ENTRIES);
  if (witness === null && budget.over(0)) return { ops: fixed.slice(0, hi), approximate: true };
  const telling = witness !== null;
  /** Whether the culprit with `others` is still a telling violation (null: out of time). */
  const keeps = (others: readonly number[]): boolean | null => {
    const subset = [...others, culprit];
    if (telling && !replay(table, witness!, subset, starts)) {
      const found = witnessOf(subset, SUBSET_WITNESS_ENTRIES);
      if (found === null) return budget.over(0) ? null : false;
      const r = illegal(subset);
      if (r === true) witness = found;
      return r;
    }
    return illegal(subset);
  };
  // Chunks halve down to single ops; single-op passes repeat until none removes anything (1-minimal).
  for (let size = Math.max(1, rest.length >>> 1); ; size = Math.max(1, size >>> 1)) {
    let removed = false;
    for (let from = 0; from < rest.length; ) {
      const without = [...rest.slice(0, from), ...rest.slice(from + size)];
      const r = keeps(without);
      if (r === null) return { ops: [...rest, culprit], approximate: true };
      if (r) (rest = without), (removed = true);
      else from += size;
    }
    if (size === 1 && !removed) break;
  }
  // Every set kept after a removal was searched; the prefix up to `blocker` alone may not have been.
  if (untested && hi === known && rest.length === hi - 1 && illegal(fixed.slice(0, hi)) !== true) return { ops: fixed, approximate: true };
  return { ops: [...rest, culprit], approximate: false };
}

/** Whether `order` restricted to the subset (and the indeterminate ops) replays from one of the start states. */
function replay(table: StateTable, order: readonly number[], subset: readonly number[], starts: readonly Config[]): boolean {
  const kept = new Set(subset);
  const steps = order.filter((i) => kept.has(i) || table.ops[i]!.indeterminate);
  return starts.some((start) => {
    let state = start.state;
    for (const i of steps) if ((state = table.step(i, state)) < 0) return false;
    return true;
  });
}

/** The same ops with the culprit free to take effect at any time: called before every op, returning after every op. */
function looseTable(table: StateTable, culprit: number): StateTable {
  const end = table.ops.reduce((m, o) => (o.indeterminate ? m : Math.max(m, o.retPos)), 0) + 1;
  return new StateTable(table.model, table.ops.map((o, i) => (i === culprit ? { ...o, callPos: -1, retPos: end } : o)), table);
}

/**
 * The longest prefix replayed from the model's initial state, with the state after each op, and the
 * candidates for the next step: the remaining ops invoked before the earliest remaining return (real time
 * allows nothing else next), each stepped from the last state. Undefined when the prefix does not replay
 * from the initial state (a window that starts from later configurations).
 */
export function partialLinearization(model: AnyModel, table: StateTable, prefix: readonly number[], windowOps: readonly number[]): PartialLinearization | undefined {
  const ops = table.ops;
  let state = table.init;
  const steps: PartialLinearization['steps'] = [];
  for (const i of prefix) {
    const next = table.step(i, state);
    if (next < 0) return undefined;
    state = next;
    steps.push({ op: ops[i]!.index, state: describeState(model, table.state(state)) });
  }
  const done = new Set(prefix);
  const rest = windowOps.filter((i) => !done.has(i));
  const determinate = rest.filter((i) => !ops[i]!.indeterminate);
  const firstReturn = determinate.reduce<number | null>((best, i) => (best === null || ops[i]!.retPos < ops[best]!.retPos ? i : best), null);
  const horizon = firstReturn === null ? Number.POSITIVE_INFINITY : ops[firstReturn]!.retPos;
  const candidates = rest.filter((i) => ops[i]!.callPos < horizon).map((i) => {
    const next = table.step(i, state);
    return { op: ops[i]!.index, result: next < 0 ? 'illegal' as const : describeState(model, table.state(next)) };
  });
  return { start: describeState(model, table.state(table.init)), steps, candidates, stuck: firstReturn === null ? null : ops[firstReturn]!.index };
}

export function describeOp(model: AnyModel, op: LinOp): string {
  const when = op.indeterminate ? `from #${op.index} (never returned)` : `#${op.index}..#${op.completionIndex}`;
  return `process ${op.call.process} ${model.describe(op.call, op.output)} [${when}]`;
}

export function describeState(model: AnyModel, s: unknown): string {
  return model.describeState ? model.describeState(s) : JSON.stringify(s) ?? String(s);
}

/** A short human story: where it starts, which ops clash, and how far a linearization got. */
export function tellStory(
  model: AnyModel,
  table: StateTable,
  partition: string,
  startStates: string[],
  minimal: readonly number[],
  approximate: boolean,
  prefix: readonly number[],
): string {
  const lines: string[] = [];
  const where = partition === 'all' ? '' : ` on ${partition}`;
  lines.push(
    `Not linearizable${where}: these ${minimal.length} operations cannot be put in any order consistent with real time` +
      ` and the ${model.name} specification, starting from ${startStates.length === 1 ? 'state' : 'any of the states'} ${startStates.join(', ')}` +
      (approximate ? ' (minimisation stopped early: the set may not be minimal)' : '') +
      ':',
  );
  for (const i of minimal) lines.push(`  - ${describeOp(model, table.ops[i]!)}`);
  if (prefix.length > 0) {
    const tail = prefix.slice(-3).map((i) => describeOp(model, table.ops[i]!));
    lines.push(`The longest linearizable prefix found has ${prefix.length} operations, ending with:`);
    for (const t of tail) lines.push(`  ... ${t}`);
  }
  return lines.join('\n');
}
