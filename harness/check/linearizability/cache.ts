/**
 * The WGL memo: a set of (linearized-set bitset, state id) pairs, as an open-addressed table of inline
 * records [state + 1, tag, bits...] in one Int32Array (state + 1 = 0 marks an empty slot). Memory locality
 * decides the speed here: most lookups are hits (a pair reached again by another order), and the table
 * outgrows the CPU caches on hard histories, so a probe reads one record in one place instead of following
 * an index into separate arrays. The tag (a mix of the bitset's Zobrist hash and the state) picks the slot
 * and filters candidates; the exact compare of state and bits settles equality. The slot comes from the
 * tag's top bits, so records sit in tag order and growing the table writes the new one front to back
 * instead of scattering cache misses across it.
 */
export class VisitedSet {
  size = 0;
  /**
   * performance.now() after which a long growth is abandoned (the old table stays, still correct and with
   * room for more than a budget check period of entries): the search then stops at its next budget check.
   */
  deadline = Number.POSITIVE_INFINITY;
  /** Entries the caller may add before it next looks at the deadline (the room an abandoned growth must leave). */
  checkPeriod = 1024;
  readonly #stride: number;
  #mask: number;
  /** 32 - log2(capacity): slot = tag >>> shift. */
  #shift: number;
  #limit: number;
  #table: Int32Array;

  constructor(readonly words: number, initialEntries = 1024) {
    let cap = 16;
    while (cap < initialEntries * 2) cap *= 2;
    this.#stride = 2 + words;
    this.#mask = cap - 1;
    this.#shift = 32 - Math.log2(cap);
    this.#limit = cap * 0.6;
    this.#table = new Int32Array(cap * this.#stride);
  }

  /** Adds the pair; false when it was already there. */
  add(hash: number, state: number, bits: Uint32Array): boolean {
    const words = this.words;
    const stride = this.#stride;
    const table = this.#table;
    const tag = tagOf(hash, state);
    const key = state + 1;
    let at = (tag >>> this.#shift) * stride;
    for (;;) {
      const s = table[at]!;
      if (s === 0) break;
      if (s === key && table[at + 1] === tag) {
        let w = 0;
        while (w < words && table[at + 2 + w] === (bits[w]! | 0)) w++;
        if (w === words) return false;
      }
      at += stride;
      if (at === table.length) at = 0;
    }
    table[at] = key;
    table[at + 1] = tag;
    for (let w = 0; w < words; w++) table[at + 2 + w] = bits[w]!;
    if (++this.size > this.#limit) this.#grow();
    return true;
  }

  /** Bytes the table will take once `extra` more entries are added: while it grows, the old and the new one. */
  bytesAfter(extra: number): number {
    let cap = this.#mask + 1;
    let limit = this.#limit;
    let grows = false;
    while (this.size + extra > limit) {
      cap *= 2;
      limit = cap * 0.6;
      grows = true;
    }
    const bytes = cap * this.#stride * 4;
    return grows ? bytes * 1.5 : bytes;
  }

  #grow(): void {
    const stride = this.#stride;
    const old = this.#table;
    const cap = (this.#mask + 1) * 2;
    const shift = this.#shift - 1;
    // The old table has 0.4 of its slots (0.2 of the new capacity) free; look at the clock before allocating
    // the new one and every ~256 kB copied.
    const abandonable = cap * 0.2 > this.checkPeriod;
    if (abandonable && performance.now() > this.deadline) return;
    const table = new Int32Array(cap * stride);
    const every = Math.max(1, Math.floor(65536 / stride));
    for (let from = 0, n = 0; from < old.length; from += stride) {
      if (old[from] === 0) continue;
      if (abandonable && n++ % every === 0 && performance.now() > this.deadline) return;
      let at = (old[from + 1]! >>> shift) * stride;
      while (table[at] !== 0) {
        at += stride;
        if (at === table.length) at = 0;
      }
      for (let k = 0; k < stride; k++) table[at + k] = old[from + k]!; // (subarray would allocate per record)
    }
    this.#table = table;
    this.#mask = cap - 1;
    this.#shift = shift;
    this.#limit = cap * 0.6;
  }
}

function tagOf(hash: number, state: number): number {
  let x = hash ^ Math.imul(state + 1, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}
