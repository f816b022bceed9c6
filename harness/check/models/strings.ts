import { mix32 as importedMix32 } from '../linearizability/hash.js';
import { grow } from '../linearizability/space.js';

/** Local alias: an imported binding may compile to a getter call (tsx's CommonJS interop), too slow per step. */
const mix32 = importedMix32;

const B = 0x01000193;

/** Polynomial hash of `s` and B^|s| (mod 2^32), so that h(a + b) = h(a) * B^|b| + h(b). */
export function polyHash(s: string): { h: number; p: number } {
  let h = 0;
  let p = 1;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
    p = Math.imul(p, B);
  }
  return { h, p };
}

/**
 * Hash-consed strings built by appending chunks, for the kv models' state spaces. A value is an id; id 0
 * is "". A value made by appending chunk c to value p is interned by its content hash, computed in O(1)
 * from p's hash, so an append never touches the (possibly long) string. Ids are canonical: equal content
 * means equal id (a hash match with a different (parent, chunk) pair is settled by comparing the strings,
 * which only happens on a real 32-bit collision or when two paths build the same content).
 */
export class StringValues {
  size = 1;
  #parent = new Int32Array(64);
  #chunk = new Int32Array(64);
  #hash = new Int32Array(64);
  #len = new Int32Array(64);
  /** Materialised strings, filled lazily (reads and explanations only). */
  #str: (string | undefined)[] = [''];
  /** slots[2j] = id + 1 (0 = empty), slots[2j + 1] = the value's hash: a probe reads one place. */
  #slots = new Int32Array(2 * 128);

  readonly #chunkIds = new Map<string, number>();
  readonly #chunks: string[] = [];
  #chunkHash: number[] = [];
  #chunkPow: number[] = [];

  constructor() {
    this.#parent[0] = -1;
  }

  /** Id of a chunk string (appended or put values). */
  chunkId(v: string): number {
    let c = this.#chunkIds.get(v);
    if (c === undefined) {
      c = this.#chunks.push(v) - 1;
      const { h, p } = polyHash(v);
      this.#chunkHash.push(h);
      this.#chunkPow.push(p);
      this.#chunkIds.set(v, c);
    }
    return c;
  }

  /** The value `s + chunk c`. */
  append(s: number, c: number): number {
    const clen = this.#chunks[c]!.length;
    if (clen === 0) return s;
    const h = (Math.imul(this.#hash[s]!, this.#chunkPow[c]!) + this.#chunkHash[c]!) | 0;
    const len = this.#len[s]! + clen;
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    let slot = mix32(h ^ Math.imul(len, 0x27d4eb2d)) & mask;
    for (;;) {
      const e = slots[2 * slot]!;
      if (e === 0) break;
      const id = e - 1;
      if (slots[2 * slot + 1] === h && this.#len[id] === len) {
        if (this.#parent[id] === s && this.#chunk[id] === c) return id;
        if (this.string(id) === this.string(s) + this.#chunks[c]) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.#parent.length) {
      this.#parent = grow(this.#parent, id + 1);
      this.#chunk = grow(this.#chunk, id + 1);
      this.#hash = grow(this.#hash, id + 1);
      this.#len = grow(this.#len, id + 1);
    }
    this.#parent[id] = s;
    this.#chunk[id] = c;
    this.#hash[id] = h;
    this.#len[id] = len;
    this.#str.push(undefined); // keep the array packed
    slots[2 * slot] = id + 1;
    slots[2 * slot + 1] = h;
    if (this.size * 2 > mask) this.#rehash();
    return id;
  }

  /** True when value `s` is exactly `v` (whose polyHash is `h`): hash and length first, content last. */
  is(s: number, v: string, h: number): boolean {
    return this.#hash[s] === h && this.#len[s] === v.length && this.string(s) === v;
  }

  /**
   * False when value `s` is surely not a prefix of `v`: longer than it, or its last appended chunk is not
   * where it would have to be in `v` (O(chunk length), no string built). True otherwise.
   */
  mayPrefix(s: number, v: string): boolean {
    const len = this.#len[s]!;
    if (len > v.length) return false;
    if (s === 0) return true;
    const chunk = this.#chunks[this.#chunk[s]!]!;
    return v.startsWith(chunk, len - chunk.length);
  }

  hash(s: number): number {
    return this.#hash[s]!;
  }

  string(s: number): string {
    let v = this.#str[s];
    if (v === undefined) {
      const parts: string[] = [];
      let p = s;
      while (p > 0 && this.#str[p] === undefined) {
        parts.push(this.#chunks[this.#chunk[p]!]!);
        p = this.#parent[p]!;
      }
      v = this.#str[p] ?? '';
      for (let i = parts.length - 1; i >= 0; i--) v += parts[i]!;
      this.#str[s] = v;
    }
    return v;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let id = 1; id < this.size; id++) {
      let slot = mix32(this.#hash[id]! ^ Math.imul(this.#len[id]!, 0x27d4eb2d)) & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = id + 1;
      slots[2 * slot + 1] = this.#hash[id]!;
    }
    this.#slots = slots;
  }
}
