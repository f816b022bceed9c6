/**
 * A stable 64-bit hash (two 32-bit multiplicative lanes with different offsets and primes) over every event
 * the kernel executes. Values are walked structurally, so equal message bodies hash equally on every machine.
 *
 * Cost matters: every executed event and every message body passes through here. The walk keeps the two
 * lanes in module variables (no object field traffic per step), a small non-negative integer (times, ids,
 * kinds, most numbers in bodies) costs one multiply per lane, and object keys and short strings, which
 * repeat endlessly (`type`, `term`, `append`), are hashed once and then looked up.
 */
const P_A = 0x01000193;
const P_B = 0x050c5d1f;

/** The lanes of the walk in progress (a walk never re-enters: hashing calls no user code). */
let A = 0;
let B = 0;

/** Short strings (object keys, message types) hash once; bounded, so it cannot grow without limit. */
const STRING_CODES = new Map<string, number>();
const STRING_CODES_MAX = 4096;
const CACHED_LENGTH = 24;

function stringCode(s: string): number {
  let code = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) code = Math.imul(code ^ s.charCodeAt(i), P_A);
  return Math.imul(code ^ s.length, P_A) >>> 0;
}

function cachedCode(s: string): number {
  let code = STRING_CODES.get(s);
  if (code === undefined) {
    code = stringCode(s);
    if (STRING_CODES.size < STRING_CODES_MAX) STRING_CODES.set(s, code);
  }
  return code;
}

/** Folds one 32-bit word (with a tag that keeps the kinds of value apart) into both lanes. */
function word(w: number, tag: number): void {
  A = Math.imul(A ^ w ^ tag, P_A);
  B = Math.imul(B ^ w ^ (tag << 8), P_B);
}

function num(n: number): void {
  if (n >>> 0 === n) {
    word(n, 1);
  } else if (Number.isInteger(n)) {
    // Other integers up to 2^53 (negative ones included) fold in as two 32-bit halves.
    word(n >>> 0, 2);
    word(Math.floor(n / 4294967296) >>> 0, 3);
  } else {
    text(String(n), 4);
  }
}

function text(s: string, tag: number): void {
  if (s.length <= CACHED_LENGTH) {
    word(cachedCode(s), tag);
    return;
  }
  let a = A ^ tag;
  let b = B ^ tag;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, P_A);
    b = Math.imul(b ^ c, P_B);
  }
  A = a;
  B = b;
  word(s.length, tag);
}

function walk(v: unknown): void {
  switch (typeof v) {
    case 'number': num(v); return;
    case 'string': text(v, 5); return;
    case 'boolean': word(v ? 1 : 0, 6); return;
    case 'undefined': word(0, 7); return;
    case 'bigint': text(String(v), 8); return;
    case 'object':
      if (v === null) { word(0, 9); return; }
      if (Array.isArray(v)) {
        word(v.length, 10);
        for (let i = 0; i < v.length; i++) walk(v[i]);
        return;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) {
        if (v instanceof Map) {
          word(v.size, 11);
          for (const [k, item] of v) { walk(k); walk(item); }
          return;
        }
        if (v instanceof Set) {
          word(v.size, 12);
          for (const item of v) walk(item);
          return;
        }
        if (v instanceof Uint8Array) {
          word(v.length, 13);
          for (let i = 0; i < v.length; i++) word(v[i]!, 14);
          return;
        }
      }
      // A plain object (a message body) or another object: its own enumerable keys in creation order, which
      // a deterministic model reproduces exactly.
      word(0, 15);
      for (const k in v) {
        word(cachedCode(k), 16);
        walk((v as Record<string, unknown>)[k]);
      }
      word(0, 17);
      return;
    default:
      throw new Error(`trace hash: cannot hash a ${typeof v}`);
  }
}

export class TraceHash {
  #a = 0x811c9dc5;
  #b = 0x6c62272e;

  int(n: number): void {
    A = this.#a;
    B = this.#b;
    num(n);
    this.#a = A;
    this.#b = B;
  }

  /** Several small numbers at once (an event's time, kind, node, ids): one lane load and store for all. */
  ints(a: number, b: number, c: number, d = 0): void {
    A = this.#a;
    B = this.#b;
    num(a);
    num(b);
    num(c);
    num(d);
    this.#a = A;
    this.#b = B;
  }

  str(s: string): void {
    A = this.#a;
    B = this.#b;
    text(s, 5);
    this.#a = A;
    this.#b = B;
  }

  value(v: unknown): void {
    A = this.#a;
    B = this.#b;
    walk(v);
    this.#a = A;
    this.#b = B;
  }

  digest(): string {
    return (this.#a >>> 0).toString(16).padStart(8, '0') + (this.#b >>> 0).toString(16).padStart(8, '0');
  }
}
