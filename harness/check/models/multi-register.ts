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
 * P-compositionality where it applies: txns that share no register (directly or through other txns) are
 * independent, so each connected group of registers (union-find over the names each txn touches, within
 * its key) is checked on its own. A txn that touches no register is a group of its own.
 */
function partitionByRegisters(history: History): History[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  /** A representative register of each invoke's txn (invoke and completion together), or none. */
  const rep = new Map<Op, string>();
  const invokeOf = new Map<Op, Op>();
  const open = new Map<number, Op>();
  for (const op of history) {
    const inv = op.type === 'invoke' ? op : open.get(op.process)!;
    if (op.type === 'invoke') open.set(op.process, op);
    else open.delete(op.process);
    invokeOf.set(op, inv);
    if (op.type !== 'invoke' && op.type !== 'ok') continue; // other completions may carry markers, not txns
    for (const [, name] of microOps(op.value)) {
      const t = `${op.key ?? ''}\u0000${name}`;
      if (!parent.has(t)) parent.set(t, t);
      const r = rep.get(inv);
      if (r === undefined) rep.set(inv, t);
      else if (find(r) !== find(t)) parent.set(find(t), find(r));
    }
  }
  const groups = new Map<unknown, History>();
  for (const op of history) {
    const inv = invokeOf.get(op)!;
    const r = rep.get(inv);
    const group = r === undefined ? inv : find(r);
    let g = groups.get(group);
    if (g === undefined) groups.set(group, (g = []));
    g.push(op);
  }
  return [...groups.values()];
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
    partition: partitionByRegisters,
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
