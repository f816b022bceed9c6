import { mix32 as importedMix32 } from '../linearizability/hash.js';
import type { LinOp } from '../linearizability/ops.js';
import { grow, type StateSpace } from '../linearizability/space.js';
import { polyHash, StringValues } from './strings.js';

/** Local alias: an imported binding may compile to a getter call (tsx's CommonJS interop), too slow per step. */
const mix32 = importedMix32;

const GET = 1;
const PUT = 2;
const APPEND = 3;
/** A get whose output is unknown: it accepts any value. */
const GET_ANY = 4;

/**
 * Each op decoded once: what it does and its argument as a chunk id, or, for a get with a known output,
 * the expected string and its hash. `kind` 0 is an op the model rejects.
 */
class KvOps {
  readonly kind: Uint8Array;
  readonly chunk: Int32Array;
  readonly expect: (string | null)[];
  readonly expectHash: Int32Array;

  constructor(ops: readonly LinOp[], values: StringValues) {
    const n = ops.length;
    this.kind = new Uint8Array(n);
    this.chunk = new Int32Array(n);
    this.expect = new Array<string | null>(n).fill(null);
    this.expectHash = new Int32Array(n);
    ops.forEach((op, i) => {
      const { f, value } = op.call;
      if (f === 'get') {
        this.kind[i] = op.output.type === 'ok' ? GET : GET_ANY;
        // The model compares with ===, so a non-string output never matches.
        const v = op.output.value;
        if (typeof v === 'string') {
          this.expect[i] = v;
          this.expectHash[i] = polyHash(v).h;
        }
      } else if (f === 'put' || f === 'append') {
        this.kind[i] = f === 'put' ? PUT : APPEND;
        this.chunk[i] = values.chunkId(String(value ?? ''));
      }
    });
  }

  /** `kvModel.step` on value ids: the next value id, or -1. */
  step(values: StringValues, i: number, v: number): number {
    switch (this.kind[i]) {
      case GET: {
        const want = this.expect[i]!;
        return want !== null && values.is(v, want, this.expectHash[i]!) ? v : -1;
      }
      case GET_ANY:
        return v;
      case PUT:
        return values.append(0, this.chunk[i]!);
      case APPEND:
        return values.append(v, this.chunk[i]!);
      default:
        return -1;
    }
  }

  /** Whether op i, a get with a known output, could see a value made by appending to value v (a necessary test). */
  reaches(values: StringValues, i: number, v: number): boolean {
    if (this.kind[i] !== GET) return true;
    const want = this.expect[i] ?? null;
    return want === null || values.mayPrefix(v, want);
  }

  resets(i: number): boolean {
    return this.kind[i] === PUT;
  }
}

/** The per-key kv model as a state space: a state is a hash-consed string id. */
export class KvSpace implements StateSpace {
  readonly init: number;
  readonly #values = new StringValues();
  readonly #ops: KvOps;

  constructor(ops: readonly LinOp[], initial: string) {
    this.#ops = new KvOps(ops, this.#values);
    this.init = this.#values.append(0, this.#values.chunkId(initial));
  }

  get size(): number {
    return this.#values.size;
  }

  step(i: number, s: number): number {
    return this.#ops.step(this.#values, i, s);
  }

  state(s: number): { v: string; h: number } {
    return { v: this.#values.string(s), h: this.#values.hash(s) };
  }

  reaches(s: number, i: number): boolean {
    return this.#ops.reaches(this.#values, i, s);
  }

  resets(i: number): boolean {
    return this.#ops.resets(i);
  }
}

/**
 * The unpartitioned kv map as a state space: a state is a tuple of value ids, one per key, stored flat in
 * an Int32Array and interned by an xor of per-(key, value id) hashes, so a step copies K ints and updates
 * the hash in O(1) instead of copying and rehashing a Map of strings.
 */
export class KvMapSpace implements StateSpace {
  readonly init = 0;
  size = 1;
  readonly #values = new StringValues();
  readonly #ops: KvOps;
  readonly #keyOf: Int32Array;
  readonly #keys: string[] = [];
  readonly #k: number;
  #tuples: Int32Array;
  #hash = new Int32Array(64);
  #slots = new Int32Array(128);

  constructor(
    ops: readonly LinOp[],
    /** The value every key starts with. */
    readonly initial: string,
    /** Builds the model-level state (with the model's own hash) for explanations. */
    readonly toState: (entries: Map<string, string>) => unknown,
  ) {
    this.#ops = new KvOps(ops, this.#values);
    const index = new Map<string, number>();
    this.#keyOf = new Int32Array(ops.length);
    ops.forEach((op, i) => {
      const key = op.call.key ?? '';
      let k = index.get(key);
      if (k === undefined) index.set(key, (k = this.#keys.push(key) - 1));
      this.#keyOf[i] = k;
    });
    this.#k = Math.max(1, this.#keys.length);
    // State 0: every key holds the initial value.
    const start = this.#values.append(0, this.#values.chunkId(initial));
    this.#tuples = new Int32Array(64 * this.#k).fill(start, 0, this.#k);
    let h = 0;
    for (let k = 0; k < this.#k; k++) h ^= entryHash(k, start);
    this.#hash[0] = h;
    this.#slots[mix32(h) & (this.#slots.length - 1)] = 1; // interned too, so a step back to the start finds it
  }

  step(i: number, s: number): number {
    const K = this.#k;
    const k = this.#keyOf[i]!;
    const cur = this.#tuples[s * K + k]!;
    const next = this.#ops.step(this.#values, i, cur);
    if (next < 0) return -1;
    if (next === cur) return s;
    const h = this.#hash[s]! ^ entryHash(k, cur) ^ entryHash(k, next);
    // Look for the tuple "s with key k set to next" without building it first.
    const mask = this.#slots.length - 1;
    let slot = mix32(h) & mask;
    const t = this.#tuples;
    for (;;) {
      const e = this.#slots[slot]!;
      if (e === 0) break;
      const id = e - 1;
      if (this.#hash[id] === h && t[id * K + k] === next) {
        let same = true;
        for (let j = 0; j < K; j++) {
          if (j !== k && t[id * K + j] !== t[s * K + j]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.#hash.length) {
      this.#hash = grow(this.#hash, id + 1);
      this.#tuples = grow(this.#tuples, this.#hash.length * K);
    }
    const tuples = this.#tuples;
    tuples.copyWithin(id * K, s * K, s * K + K);
    tuples[id * K + k] = next;
    this.#hash[id] = h;
    this.#slots[slot] = id + 1;
    if (this.size * 2 > mask) this.#rehash();
    return id;
  }

  /** A get can still see its value only if its key's value may be a prefix of it (a put of any key ends the test). */
  reaches(s: number, i: number): boolean {
    return this.#ops.reaches(this.#values, i, this.#tuples[s * this.#k + this.#keyOf[i]!]!);
  }

  resets(i: number): boolean {
    return this.#ops.resets(i);
  }

  state(s: number): unknown {
    const entries = new Map<string, string>();
    for (let k = 0; k < this.#keys.length; k++) {
      const v = this.#values.string(this.#tuples[s * this.#k + k]!);
      if (v !== this.initial) entries.set(this.#keys[k]!, v);
    }
    return this.toState(entries);
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = mix32(this.#hash[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.#slots = slots;
  }
}

/** Hash of "key k holds value id v"; the empty value contributes nothing, so state 0 hashes to 0. */
function entryHash(k: number, v: number): number {
  return v === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(v, 0x85ebca6b)) | 0;
}
