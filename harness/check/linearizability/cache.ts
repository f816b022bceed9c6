/**
 * The WGL memo: a set of (linearized-set bitset, state id) pairs. Open addressing over typed arrays; the
 * bitset's Zobrist hash picks the slot and an exact compare of the stored bits settles collisions.
 */
export class VisitedSet {
  size = 0;
  #mask: number;
  #slots: Int32Array;
  #hashes: Uint32Array;
  #states: Int32Array;
  #bits: Uint32Array;

  constructor(readonly words: number, initialEntries = 1024) {
    let cap = 16;
    while (cap < initialEntries * 2) cap *= 2;
    this.#mask = cap - 1;
    this.#slots = new Int32Array(cap);
    this.#hashes = new Uint32Array(initialEntries);
    this.#states = new Int32Array(initialEntries);
    this.#bits = new Uint32Array(initialEntries * Math.max(1, words));
  }

  /** Adds the pair; false when it was already there. */
  add(hash: number, state: number, bits: Uint32Array): boolean {
    const words = this.words;
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = slotOf(hash, state) & mask;
    for (;;) {
      const e = slots[slot]!;
      if (e === 0) break;
      const idx = e - 1;
      if (this.#hashes[idx] === hash >>> 0 && this.#states[idx] === state) {
        const base = idx * words;
        const stored = this.#bits;
        let same = true;
        for (let w = 0; w < words; w++) {
          if (stored[base + w] !== bits[w]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & mask;
    }
    const idx = this.size++;
    if (idx >= this.#states.length) this.#growEntries();
    this.#hashes[idx] = hash;
    this.#states[idx] = state;
    this.#bits.set(bits, idx * words);
    slots[slot] = idx + 1;
    if (this.size * 2 > mask) this.#rehash();
    return true;
  }

  #growEntries(): void {
    const n = this.#states.length * 2;
    const h = new Uint32Array(n);
    h.set(this.#hashes);
    this.#hashes = h;
    const s = new Int32Array(n);
    s.set(this.#states);
    this.#states = s;
    const b = new Uint32Array(n * Math.max(1, this.words));
    b.set(this.#bits);
    this.#bits = b;
  }

  #rehash(): void {
    const cap = (this.#mask + 1) * 2;
    const mask = cap - 1;
    const slots = new Int32Array(cap);
    for (let idx = 0; idx < this.size; idx++) {
      let slot = slotOf(this.#hashes[idx]!, this.#states[idx]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = idx + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

function slotOf(hash: number, state: number): number {
  let x = hash ^ Math.imul(state + 1, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x;
}
