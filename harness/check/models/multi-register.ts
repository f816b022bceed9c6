import type { History, Op } from '../../history/types.js';
import { hashJson, hashString, mix32 } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { invalidFor, needs } from './ops-check.js';
import { show, valueEq } from './values.js';

export interface MultiRegisterOptions {
  /** Initial values by register name (Knossos's `(multi-register {:x 0 :y 0})`); a register not named starts at nil. */
  initial?: Readonly<Record<string, unknown>>;
  /** Knossos's rule: a read of nil inside a completed txn is consistent with any value (JEPSEN_RULES). */
  nilReadIsUnknown?: boolean;
}

/** Registers holding a value other than nil, with an order-independent hash updated per write. */
export interface MultiRegisterState {
  readonly values: ReadonlyMap<string, unknown>;
  readonly hash: number;
}

type Micro = [f: 'read' | 'write', name: string, value: unknown];

const entryHash = (name: string, v: unknown): number => (v === null || v === undefined ? 0 : mix32(hashString(name) ^ Math.imul(hashJson(v), 0x27d4eb2d)));

function stateOf(values: Map<string, unknown>): MultiRegisterState {
  let hash = 0;
  for (const [name, v] of values) hash = (hash + entryHash(name, v)) >>> 0;
  return { values, hash };
}

function write(state: MultiRegisterState, name: string, v: unknown): MultiRegisterState {
  const cur = state.values.get(name) ?? null;
  if (valueEq(cur, v)) return state;
  const values = new Map(state.values);
  if (v === null || v === undefined) values.delete(name);
  else values.set(name, v);
  return { values, hash: (state.hash - entryHash(name, cur) + entryHash(name, v)) >>> 0 };
}

const microOps = (v: unknown): Micro[] => (v as unknown[][]).map(([f, k, x]) => [f as Micro[0], String(k), x]);

/** Why a txn value is not a list of `[read|write name value]` micro-ops, or null. */
function badTxn(op: Op): string | null {
  const v = op.value;
  if (!Array.isArray(v)) return needs(op, 'a list of [f name value] micro-ops');
  for (const m of v) {
    const fits = Array.isArray(m) && m.length === 3 && (m[0] === 'read' || m[0] === 'write') && (typeof m[1] === 'string' || typeof m[1] === 'number');
    if (!fits) return `${op.type} txn micro-op ${show(m)} is not [read|write name value] (in ${show(v)})`;
  }
  return null;
}

/**
 * Knossos's multi-register: one operation, `txn`, whose value is a list of micro-ops `[f name value]` over
 * named registers, f `read` or `write`, applied in order and atomically. An `ok` txn carries what its reads
 * saw (Knossos steps the completed value); an indeterminate one is stepped with its invoke's writes.
 * Register names are compared as strings (EDN keywords `:x` and JSON keys alike).
 */
export function makeMultiRegisterModel(options: MultiRegisterOptions = {}): Model<MultiRegisterState> {
  const initial = stateOf(new Map(Object.entries(options.initial ?? {}).filter(([, v]) => v !== null && v !== undefined)));
  const nilReadIsUnknown = options.nilReadIsUnknown === true;
  return {
    name: 'multi-register',
    init: () => initial,
    step(state, call, out) {
      if (call.f !== 'txn') return illegal;
      const done = out.type === 'ok';
      let s = state;
      for (const [f, name, v] of microOps(done ? out.value : call.value)) {
        if (f === 'write') s = write(s, name, v);
        else if (done && !(nilReadIsUnknown && (v === null || v === undefined)) && !valueEq(s.values.get(name) ?? null, v)) return illegal;
      }
      return ok(s);
    },
    hash: (s) => s.hash,
    equal(a, b) {
      if (a.hash !== b.hash || a.values.size !== b.values.size) return false;
      for (const [name, v] of a.values) if (!valueEq(b.values.get(name) ?? null, v)) return false;
      return true;
    },
    // Locality: txns that share no register (directly or through other txns) commute, so each connected
    // group of registers is searched on its own (linearizability/locality.ts).
    footprint: (call) => microOps(call.value).map(([, name]) => `${call.key ?? ''}\u0000${name}`),
    readOnly: (call) => call.f === 'txn' && microOps(call.value).every(([f]) => f === 'read'),
    invalid: invalidFor({ txn: badTxn }),
    describe(call, out) {
      const done = out.type === 'ok';
      const micro = microOps(done ? out.value : call.value).map(([f, name, v]) =>
        f === 'write' ? `write ${name} ${show(v)}` : `read ${name} -> ${done ? show(v) : '?'}`);
      return `txn[${micro.join(', ')}]${out.type === 'unknown' ? ' (indeterminate)' : ''}`;
    },
    describeState: (s) => `{${[...s.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, v]) => `${name} ${show(v)}`).join(', ')}}`,
  };
}
