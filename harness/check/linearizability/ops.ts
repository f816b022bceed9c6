import type { History, Op } from '../../history/types.js';
import type { AnyModel, Call, Output } from './model.js';

/** One operation as the search sees it: a call and a return in history order (positions, not times). */
export interface LinOp {
  /** Index of the invoke in the original history (`Op.index`). */
  index: number;
  /** Index of the completion, or -1 when there is none. */
  completionIndex: number;
  call: Call;
  output: Output;
  /** Position of the invoke in the (sub)history being checked. */
  callPos: number;
  /** Position of the completion; `Infinity` for indeterminate operations. */
  retPos: number;
  indeterminate: boolean;
}

/** A history the checker cannot take: `index` is the op (`Op.index`) it stumbled on. */
export class HistoryShapeError extends Error {
  override name = 'HistoryShapeError';
  constructor(
    readonly index: number,
    readonly detail: string,
  ) {
    super(`op ${index}: ${detail}`);
  }
}

/**
 * Checks the whole history before any partition is searched (a partition may never be): every op is one
 * the model can read, and each process alternates invoke and completion.
 */
export function checkShape(history: History, model: AnyModel): void {
  const open = new Map<number, Op>();
  // Indexed loops here and in toLinOps: a short check runs them cold, where for-of walks an iterator.
  for (let k = 0; k < history.length; k++) {
    const op = history[k]!;
    const why = model.invalid?.(op) ?? null;
    if (why !== null) throw new HistoryShapeError(op.index, `${model.name}: ${why}`);
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) throw new HistoryShapeError(op.index, `process ${op.process} invoked ${op.f} while op ${prev.index} is still open`);
      open.set(op.process, op);
    } else {
      const inv = open.get(op.process);
      if (inv === undefined) throw new HistoryShapeError(op.index, `${op.type} ${op.f} by process ${op.process} has no open invoke`);
      if (inv.f !== op.f) throw new HistoryShapeError(op.index, `${op.type} ${op.f} by process ${op.process} completes op ${inv.index}, which is ${inv.f}`);
      open.delete(op.process);
    }
  }
}

/**
 * Pairs invokes with completions per process. `fail` completions are dropped unless the model judges them;
 * `info` and missing completions become indeterminate (return at +infinity); read-only indeterminate calls
 * are dropped because they can neither constrain nor change the state.
 */
export function toLinOps(history: History, model: AnyModel): LinOp[] {
  // Per process, the pair of its open invoke (pairs are kept in invoke order).
  const open = new Map<number, number>();
  const pairs: { invoke: Op; pos: number; done?: Op; donePos: number }[] = [];
  for (let pos = 0; pos < history.length; pos++) {
    const op = history[pos]!;
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) {
        throw new HistoryShapeError(op.index, `process ${op.process} invoked ${op.f} while op ${pairs[prev]!.invoke.index} is still open`);
      }
      open.set(op.process, pairs.length);
      pairs.push({ invoke: op, pos, donePos: Infinity });
      continue;
    }
    const at = open.get(op.process);
    if (at === undefined) throw new HistoryShapeError(op.index, `${op.type} ${op.f} by process ${op.process} has no open invoke`);
    open.delete(op.process);
    const pair = pairs[at]!;
    pair.done = op;
    pair.donePos = pos;
  }
  const out: LinOp[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k]!;
    const call: Call = { f: p.invoke.f, value: p.invoke.value, process: p.invoke.process };
    if (p.invoke.key !== undefined) call.key = p.invoke.key;
    const done = p.done;
    let output: Output;
    let indeterminate = false;
    if (done === undefined || done.type === 'info') {
      output = { type: 'unknown', value: done?.value ?? null };
      indeterminate = true;
    } else if (done.type === 'fail') {
      if (!model.failIsObservation) continue;
      output = { type: 'fail', value: done.value };
    } else {
      output = { type: 'ok', value: done.value };
    }
    if (indeterminate && model.readOnly?.(call)) continue;
    out.push({
      index: p.invoke.index,
      completionIndex: done?.index ?? -1,
      call,
      output,
      callPos: p.pos,
      retPos: indeterminate ? Infinity : p.donePos,
      indeterminate,
    });
  }
  return out;
}
