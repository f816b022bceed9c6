/** Small deterministic hashing helpers shared by models and the search. */

/** FNV-1a over UTF-16 code units, finished with a murmur-style mix. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of any JSON-representable value (canonical only for values whose key order is fixed). */
export function hashJson(value: unknown): number {
  return hashString(JSON.stringify(value) ?? 'undefined');
}

/** Deterministic xorshift32 stream, used for Zobrist keys (never Math.random: runs must repeat). */
export function zobristKeys(count: number, seed = 0x9e3779b9): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed | 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = mix32(x + i);
  }
  return out;
}

let sharedKeys: Uint32Array = new Uint32Array(0);
/**
 * At least `count` keys of the default stream, shared read-only between searches (the stream does not
 * depend on `count`, so a longer array starts with the same keys): saves regenerating them per window.
 */
export function sharedZobristKeys(count: number): Uint32Array {
  if (count > sharedKeys.length) sharedKeys = zobristKeys(Math.max(count, 2 * sharedKeys.length, 256));
  return sharedKeys;
}
