/**
 * A stable 64-bit hash (two 32-bit multiplicative lanes with different offsets and primes) over every event
 * the kernel executes. Values are walked structurally, so equal message bodies hash equally on every machine.
 *
 * Cost matters: every executed event and every message body passes through here (a ZooKeeper body is about
 * seven keys and values). The walk keeps the two lanes in module variables (no object field traffic per step),
 * folds a small non-negative integer with one multiply per lane and a string two UTF-16 units per multiply,
 * hashes an object's key list once per distinct list (see Shape) rather than its keys' characters every time,
 * tests types with `typeof x === '...'` and `instanceof` (which V8 compiles to inline checks), and hashes an
 * object's string and small integer values in its key loop instead of through another call.
 */
const P_A = 0x01000193;
const P_B = 0x050c5d1f;

/** The lanes of the walk in progress (a walk never re-enters: hashing calls no user code). */
let A = 0;
let B = 0;

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

/** Every character into both lanes, two 16-bit units per 32-bit word, then the length. */
function text(s: string, tag: number): void {
  const n = s.length;
  let a = A ^ tag;
  let b = B ^ tag;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const pair = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ pair, P_A);
    b = Math.imul(b ^ pair, P_B);
  }
  if (i < n) {
    const last = s.charCodeAt(i);
    a = Math.imul(a ^ last, P_A);
    b = Math.imul(b ^ last, P_B);
  }
  A = Math.imul(a ^ n, P_A);
  B = Math.imul(b ^ n, P_B);
}

/** The length, then four bytes per 32-bit word (little-endian), the last word holding what is left. */
function bytes(v: Uint8Array): void {
  const n = v.length;
  word(n, 13);
  let a = A ^ 14;
  let b = B ^ 14;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const quad = v[i]! | (v[i + 1]! << 8) | (v[i + 2]! << 16) | (v[i + 3]! << 24);
    a = Math.imul(a ^ quad, P_A);
    b = Math.imul(b ^ quad, P_B);
  }
  if (i < n) {
    let rest = 0;
    for (let shift = 0; i < n; i++, shift += 8) rest |= v[i]! << shift;
    a = Math.imul(a ^ rest, P_A);
    b = Math.imul(b ^ rest, P_B);
  }
  A = a;
  B = b;
}

/**
 * An object's key list and its own 64-bit hash (every key's characters in order, from fixed lanes), as a trie
 * from the empty list: the bodies of one message type share a path, so a key costs an identity comparison
 * (property names are interned strings) instead of its characters. A node's hash depends only on its key list,
 * never on what the trie holds, so the bound (past it, a node is computed and not kept) changes no value.
 */
class Shape {
  child: Shape | null = null;
  sibling: Shape | null = null;
  /** `kept`: in the trie (a node past the bounds is not, and nothing is kept below it). */
  constructor(readonly key: string, readonly a: number, readonly b: number, readonly kept: boolean) {}
}

const EMPTY_SHAPE = new Shape('', 0x2f6b4a1d, 0x5bd1e995, true);
/**
 * Bounds on the module-level trie: a model that uses an object as a map with ever new keys would otherwise
 * grow it without end, and make a key's search run through every key seen at its place.
 */
export const MAX_SHAPES = 4096;
export const MAX_CHILDREN = 8;
let shapesKept = 0;

/** How many key lists the trie keeps (for tests: the bounds hold). */
export function keptShapes(): number {
  return shapesKept;
}

/** The list `parent` extended with `key`. */
function shapeWith(parent: Shape, key: string): Shape {
  let last: Shape | null = null;
  let children = 0;
  for (let c = parent.child; c !== null; c = c.sibling) {
    if (c.key === key) return c;
    last = c;
    children++;
  }
  const outerA = A;
  const outerB = B;
  A = parent.a;
  B = parent.b;
  text(key, 16);
  // Below a node that is not kept, a child would be unreachable: counting it would use up the bound.
  const keep = parent.kept && shapesKept < MAX_SHAPES && children < MAX_CHILDREN;
  const made = new Shape(key, A, B, keep);
  A = outerA;
  B = outerB;
  if (keep) {
    shapesKept++;
    if (last === null) parent.child = made;
    else last.sibling = made;
  }
  return made;
}

function walk(v: unknown): void {
  if (typeof v === 'number') { num(v); return; }
  if (typeof v === 'string') { text(v, 5); return; }
  if (typeof v === 'object') {
    if (v === null) { word(0, 9); return; }
    if (Array.isArray(v)) {
      word(v.length, 10);
      for (let i = 0; i < v.length; i++) walk(v[i]);
      return;
    }
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
      bytes(v);
      return;
    }
    // A plain object (a message body) or another object: its values in the order of its enumerable keys
    // (creation order, which a deterministic model reproduces exactly), then the hash of that key list.
    word(0, 15);
    let shape = EMPTY_SHAPE;
    for (const k in v) {
      shape = shapeWith(shape, k);
      const item = (v as Record<string, unknown>)[k];
      // The commonest values inline, exactly as walk() would fold them.
      if (typeof item === 'string') text(item, 5);
      else if (typeof item === 'number' && item >>> 0 === item) word(item, 1);
      else walk(item);
    }
    word(shape.a, 17);
    word(shape.b, 18);
    return;
  }
  if (typeof v === 'boolean') { word(v ? 1 : 0, 6); return; }
  if (v === undefined) { word(0, 7); return; }
  if (typeof v === 'bigint') { text(String(v), 8); return; }
  throw new Error(`trace hash: cannot hash a ${typeof v}`);
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
