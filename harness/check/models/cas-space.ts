import type { LinOp } from '../linearizability/ops.js';
import type { StateSpace } from '../linearizability/space.js';
import { pair } from './values.js';

const READ = 1;
/** A read whose output says nothing (unknown, or nil under Knossos's rule). */
const READ_ANY = 2;
const WRITE = 3;
/** A failed write: it did not happen. */
const KEEP = 4;
const CAS_OK = 5;
const CAS_FAIL = 6;
const CAS_UNKNOWN = 7;

/** The state that stands for every value no op reads or compares against (see CasSpace). */
export const UNREAD = Object.freeze({ unread: 'a value no operation reads' });

/**
 * The cas-register as a state space: a state is the id of the register's value, values interned by the
 * equality the model uses (valueEq: nil and undefined alike, objects by their JSON), so a step compares and
 * returns integers. Agrees with makeCasRegisterModel's `step`, with one merge: values that no op reads or
 * uses as a cas's `from` are one state, UNREAD. They are interchangeable: from any of them the same ops are
 * legal (writes, failed and indeterminate cas ops, reads that see anything) and lead to the same states, so
 * the memo need not tell apart which unread value a run of concurrent writes left behind.
 */
export class CasSpace implements StateSpace {
  readonly init: number;
  readonly #values: unknown[] = [];
  readonly #ids = new Map<string, number>();
  readonly #kind: Uint8Array;
  readonly #a: Int32Array;
  readonly #b: Int32Array;

  constructor(ops: readonly LinOp[], initial: unknown, nilReadIsUnknown: boolean) {
    const n = ops.length;
    this.#kind = new Uint8Array(n);
    this.#a = new Int32Array(n);
    this.#b = new Int32Array(n);
    ops.forEach((op, i) => {
      const { f, value } = op.call;
      const out = op.output;
      if (f === 'read') {
        const nil = out.value === null || out.value === undefined;
        if (out.type !== 'ok' || (nilReadIsUnknown && nil)) this.#kind[i] = READ_ANY;
        else {
          this.#kind[i] = READ;
          this.#a[i] = this.#id(out.value);
        }
      } else if (f === 'write') {
        this.#kind[i] = out.type === 'fail' ? KEEP : WRITE;
        this.#a[i] = this.#id(value);
      } else if (f === 'cas') {
        const [from, to] = pair(value);
        this.#kind[i] = out.type === 'ok' ? CAS_OK : out.type === 'fail' ? CAS_FAIL : CAS_UNKNOWN;
        this.#a[i] = this.#id(from);
        this.#b[i] = this.#id(to);
      }
    });
    // Merge the values nothing observes into UNREAD.
    const observed = new Uint8Array(this.#values.length);
    ops.forEach((_, i) => {
      const k = this.#kind[i]!;
      if (k === READ || k === CAS_OK || k === CAS_FAIL || k === CAS_UNKNOWN) observed[this.#a[i]!] = 1;
    });
    const unread = this.#values.push(UNREAD) - 1;
    const canon = (id: number): number => (observed[id] === 1 ? id : unread);
    ops.forEach((_, i) => {
      const k = this.#kind[i]!;
      if (k === WRITE) this.#a[i] = canon(this.#a[i]!);
      else if (k === CAS_OK || k === CAS_UNKNOWN) this.#b[i] = canon(this.#b[i]!);
    });
    // The initial value keeps its own id (it is named in explanations; an unread one behaves as UNREAD does).
    this.init = this.#id(initial);
  }

  /** The id of a value: equal under valueEq, equal ids. NaN equals nothing, itself included: a fresh id each time. */
  #id(v: unknown): number {
    if (typeof v === 'number' && Number.isNaN(v)) return this.#values.push(v) - 1;
    const key = v === undefined || v === null ? 'null' : typeof v === 'bigint' ? `${v}n` : typeof v === 'object' ? `o${JSON.stringify(v)}` : JSON.stringify(v);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#values.push(v ?? null) - 1;
      this.#ids.set(key, id);
    }
    return id;
  }

  get size(): number {
    return this.#values.length;
  }

  state(s: number): unknown {
    return this.#values[s];
  }

  step(i: number, s: number): number {
    switch (this.#kind[i]) {
      case READ:
        return s === this.#a[i] ? s : -1;
      case READ_ANY:
      case KEEP:
        return s;
      case WRITE:
        return this.#a[i]!;
      case CAS_OK:
        return s === this.#a[i] ? this.#b[i]! : -1;
      case CAS_FAIL:
        return s === this.#a[i] ? -1 : s;
      case CAS_UNKNOWN:
        return s === this.#a[i] ? this.#b[i]! : s;
      default:
        return -1;
    }
  }
}
