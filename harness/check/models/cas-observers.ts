import type { LinOp } from '../linearizability/ops.js';
import { pair } from './values.js';

/** Values compared as the cas-register compares them (valueEq: nil and undefined alike, objects by JSON). */
const keyOf = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * Model.lastObservers for the cas-register. An indeterminate write or cas, if it takes effect, sets the value
 * v; until the next write only ops legal in v can follow it, and of those the ones whose legality depends on
 * v are its observers: an ok read of v, a cas from v (of any outcome), and, when failed cas ops are
 * observations, a failed cas (it needs the value to differ from its `from`). Every other op legal in v is a
 * write, which sets the same value with or without the indeterminate op before it. So once all observers are
 * linearized, taking effect can no longer matter. A read of nil under Knossos's rule fits any value, so it
 * observes nothing. An indeterminate cas from v is itself an observer: it counts with its own last observer.
 */
export function casLastObservers(ops: readonly LinOp[], nilReadIsUnknown: boolean): Int32Array {
  const last = new Int32Array(ops.length).fill(-1);
  /** Per value: the last determinate op observing it, and the indeterminate cas ops from it. */
  const byValue = new Map<string, { det: number; indet: number[] }>();
  const entry = (v: unknown): { det: number; indet: number[] } => {
    const k = keyOf(v);
    let e = byValue.get(k);
    if (e === undefined) byValue.set(k, (e = { det: -1, indet: [] }));
    return e;
  };
  let lastFailedCas = -1;
  ops.forEach((op, i) => {
    const { f, value } = op.call;
    if (f === 'read') {
      if (op.output.type !== 'ok' || (nilReadIsUnknown && (op.output.value === null || op.output.value === undefined))) return;
      entry(op.output.value).det = i;
    } else if (f === 'cas') {
      const e = entry(pair(value)[0]);
      if (op.indeterminate) e.indet.push(i);
      else e.det = i;
      if (op.output.type === 'fail') lastFailedCas = i;
    }
  });
  const effect = (op: LinOp): unknown => (op.call.f === 'cas' ? pair(op.call.value)[1] : op.call.value);
  const indet: number[] = [];
  ops.forEach((op, i) => {
    if (!op.indeterminate) return;
    indet.push(i);
    last[i] = Math.max(byValue.get(keyOf(effect(op)))?.det ?? -1, lastFailedCas);
  });
  // Indeterminate observers pass on their own last observer: iterate to the (finite, monotone) fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of indet) {
      for (const j of byValue.get(keyOf(effect(ops[i]!)))?.indet ?? []) {
        if (j !== i && last[j]! > last[i]!) {
          last[i] = last[j]!;
          changed = true;
        }
      }
    }
  }
  return last;
}
