import type { Call } from '../linearizability/model.js';

/** Value equality for history values (primitives, arrays, plain objects) as models compare them. */
export function valueEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return (a === undefined && b === null) || (a === null && b === undefined);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export function show(v: unknown): string {
  return v === null || v === undefined ? 'nil' : JSON.stringify(v);
}

export function pair(v: unknown): [unknown, unknown] {
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  throw new Error(`expected a [from to] pair, got ${show(v)}`);
}

/** Whether a completed read of `value` fits `state`; with Knossos's rule a read of nil fits any state. */
export function readSees(state: unknown, value: unknown, nilReadIsUnknown: boolean): boolean {
  return (nilReadIsUnknown && (value === null || value === undefined)) || valueEq(value, state);
}

/** Model.effectKey of a model whose step reads a call's f, key and value, never its process. */
export function callEffect(call: Call): string {
  return `${call.f} ${call.key ?? ''} ${JSON.stringify(call.value ?? null)}`;
}
