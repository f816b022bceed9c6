/**
 * The WGL memo: a set of (linearized-set bitset, state id) pairs. Open addressing over typed arrays.
 * Memory locality decides the speed here (the memo outgrows the CPU caches on hard histories), so a slot
 * holds the entry index and a 32-bit tag (a mix of the bitset's Zobrist hash and the state id) side by
 * side: a probe reads one cache line, and the entry's state and bits are only read when the tag matches.
 * Entries live in fixed-size pages, so growing never copies the bitsets.
 */
const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;

export class VisitedSet {
  size = 0;
  #mask: number;
  /** slots[2j] = entry index + 1 (0 = empty), slots[2j + 1] = tag. */
  #slots: Int32Array;
  #states: Int32Array[] = [];
  #bits: Uint32Array[] = [];

  constructor(readonly words: number, initialEntries = 1024) {
    let cap = 16;
    while (cap < initialEntries * 2) cap *= 2;
    this.#mask = cap - 1;
    this.#slots = new Int32Array(2 * cap);
  }

  /** Adds the pair; false when it was already there. */
  add(hash: number, state: number, bits: Uint32Array): boolean {
    const words = this.words;
    const slots = this.#slots;
    const mask = this.#mask;
    const tag = tagOf(hash, state);
    let slot = tag & mask;
    for (;;) {
      const e = slots[2 * slot]!;
      if (e === 0) break;
      if (slots[2 * slot + 1] === tag) {
        const idx = e - 1;
        const page = idx >>> PAGE_BITS;
        const at = idx & (PAGE - 1);
        if (this.#states[page]![at] === state) {
          const stored = this.#bits[page]!;
          const base = at * words;
          let w = 0;
          while (w < words && stored[base + w] === bits[w]) w++;
          if (w === words) return false;
        }
      }
      slot = (slot + 1) & mask;
    }
    const idx = this.size++;
    const page = idx >>> PAGE_BITS;
    const at = idx & (PAGE - 1);
    if (at === 0) {
      this.#states.push(new Int32Array(PAGE));
      this.#bits.push(new Uint32Array(PAGE * words));
    }
    this.#states[page]![at] = state;
    this.#bits[page]!.set(bits, at * words);
    slots[2 * slot] = idx + 1;
    slots[2 * slot + 1] = tag;
    if (this.size * 2 > mask) this.#rehash();
    return true;
  }

  #rehash(): void {
    const cap = (this.#mask + 1) * 2;
    const mask = cap - 1;
    const old = this.#slots;
    const slots = new Int32Array(2 * cap);
    for (let j = 0; j < old.length; j += 2) {
      const e = old[j]!;
      if (e === 0) continue;
      const tag = old[j + 1]!;
      let slot = tag & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = e;
      slots[2 * slot + 1] = tag;
    }
    this.#slots = slots;
    this.#mask = mask;
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
