import type { Op } from '../../history/types.js';
import { show } from './values.js';

/** Checks the value of an invoke or `ok` completion of one operation: why the model cannot read it, or null. */
export type ValueCheck = (op: Op) => string | null;

/**
 * A model's `invalid` from its operations: an `f` it does not have is named with the ones it has; an invoke
 * or `ok` completion goes through the operation's value check, if any.
 */
export function invalidFor(checks: Readonly<Record<string, ValueCheck | null>>): (op: Op) => string | null {
  const known = Object.keys(checks).join(', ');
  return (op) => {
    if (!Object.hasOwn(checks, op.f)) return `no operation ${JSON.stringify(op.f)} (it has ${known})`;
    if (op.type !== 'invoke' && op.type !== 'ok') return null;
    return checks[op.f]?.(op) ?? null;
  };
}

/** "cas needs a [from to] pair, got 3". */
export function needs(op: Op, what: string): string {
  return `${op.type} ${op.f} needs ${what}, got ${show(op.value)}`;
}

export const isPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2;
