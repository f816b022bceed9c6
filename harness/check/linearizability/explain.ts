import { Budget } from './budget.js';
import type { AnyModel } from './model.js';
import type { LinOp } from './ops.js';
import { searchWindow, type Config, type Path } from './search.js';
import { searchStream } from './stream-search.js';
import type { PartialLinearization } from './result.js';
import type { StateTable } from './states.js';

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

/**
 * Shrinks an illegal window to a 1-minimal set of determinate ops that still cannot be linearized from the
 * same start configurations: first the shortest illegal prefix (illegality only grows with more ops), then
 * one-at-a-time removal. Indeterminate ops stay available throughout, so the set is illegal even with them.
 * `blocker` (the first op the search could not place) lets a very long window start from a short run before it.
 */
export function minimalIllegalSet(
  table: StateTable,
  windowOps: readonly number[],
  starts: readonly Config[],
  timeMs: number,
  blocker?: number,
): { ops: number[]; approximate: boolean } {
  const budget = new Budget({ timeMs });
  const ops = table.ops;
  const free = windowOps.filter((i) => ops[i]!.indeterminate);
  let fixed = windowOps.filter((i) => !ops[i]!.indeterminate);
  // Minimisation runs many searches over small sets, where the bitset search's setup is cheaper (etcd's
  // violations: about 1.0 s against 1.5 s); long windows need the streaming search's bounded memo.
  const streaming = starts.length === 1 && starts[0]!.pending.length === 0 && windowOps.length >= STREAM_MINIMIZE_FROM_OPS;
  const illegal = (subset: readonly number[]): boolean | null => {
    const all = [...subset, ...free].sort((a, b) => a - b);
    const r = streaming ? searchStream(table, all, starts[0]!, budget) : searchWindow(table, { ops: all, starts, mode: 'first' }, budget);
    return r.status === 'budget' ? null : r.status === 'illegal';
  };
  // In a very long window (where searching prefixes of the whole window cannot finish in time) first try
  // growing runs of ops ending just after `blocker`, the first op the search could not place. A run leaves
  // out the ops before it, so it may be illegal only because a read's writer is cut off; below this size the
  // prefixes of the whole window are searched instead.
  const at = blocker === undefined || fixed.length < LOCALIZE_FROM_OPS ? -1 : fixed.indexOf(blocker);
  for (let k = 64; at >= 0 && k < fixed.length; k *= 4) {
    const run = fixed.slice(Math.max(0, at - k), at + 9);
    const r = illegal(run);
    if (r === null) return { ops: fixed, approximate: true };
    if (r) {
      fixed = run;
      break;
    }
  }
  // Shortest illegal prefix by binary search over the number of determinate ops kept.
  let lo = 1;
  let hi = fixed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = illegal(fixed.slice(0, mid));
    if (r === null) return { ops: fixed.slice(0, hi), approximate: true };
    if (r) hi = mid;
    else lo = mid + 1;
  }
  const kept = fixed.slice(0, hi);
  for (let k = kept.length - 2; k >= 0; k--) {
    const without = kept.filter((_, j) => j !== k);
    const r = illegal(without);
    if (r === null) return { ops: kept, approximate: true };
    if (r) kept.splice(k, 1);
  }
  return { ops: kept, approximate: false };
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
