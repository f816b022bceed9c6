/**
 * The streaming search's memo: a set of variable-length keys (Int32Array prefixes), each stored once in an
 * append-only arena as [length, ...key], found through an open-addressed table of [tag, arena offset + 1].
 * Keys are short (a configuration relative to the oldest open operation), so an entry costs tens of bytes
 * whatever the history's length.
 */
export class StreamMemo {
  size = 0;
  #slots: Int32Array;
  #shift: number;
  #limit: number;
  #arena: Int32Array;
  #used = 0;

  constructor(initialEntries = 1024) {
    let cap = 16;
    while (cap < initialEntries * 2) cap *= 2;
    this.#slots = new Int32Array(cap * 2);
    this.#shift = 32 - Math.log2(cap);
    this.#limit = cap * 0.6;
    this.#arena = new Int32Array(initialEntries * 8);
  }

  /** Adds key[0..len); false when it was already there. */
  add(key: Int32Array, len: number): boolean {
    let h = 0x811c9dc5 ^ len;
    for (let k = 0; k < len; k++) {
      h = Math.imul(h ^ key[k]!, 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    const tag = (h ^ (h >>> 16)) | 0;
    const slots = this.#slots;
    const arena = this.#arena;
    const capMask = (slots.length >>> 1) - 1;
    let s = tag >>> this.#shift;
    for (;;) {
      const at = slots[2 * s + 1]!;
      if (at === 0) break;
      if (slots[2 * s] === tag && arena[at - 1] === len) {
        let k = 0;
        while (k < len && arena[at + k] === key[k]) k++;
        if (k === len) return false;
      }
      s = (s + 1) & capMask;
    }
    if (this.#used + len + 1 > arena.length) this.#arena = growArena(arena, this.#used + len + 1);
    const a = this.#arena;
    a[this.#used] = len;
    a.set(key.subarray(0, len), this.#used + 1);
    slots[2 * s] = tag;
    slots[2 * s + 1] = this.#used + 1;
    this.#used += len + 1;
    if (++this.size > this.#limit) this.#grow();
    return true;
  }

  /** Bytes held once about `extra` more entries are added (while a part grows, its old and new copies). */
  bytesAfter(extra: number): number {
    const avg = this.size > 0 ? this.#used / this.size : 8;
    let slotBytes = this.#slots.length * 4;
    if (this.size + extra > this.#limit) slotBytes *= 3;
    let arenaBytes = this.#arena.length * 4;
    if (this.#used + extra * avg > this.#arena.length) arenaBytes *= 2.5;
    return slotBytes + arenaBytes;
  }

  #grow(): void {
    const old = this.#slots;
    const cap = old.length; // doubles: old.length / 2 slots -> old.length slots
    const slots = new Int32Array(cap * 2);
    const shift = this.#shift - 1;
    const mask = cap - 1;
    for (let s = 0; s < old.length; s += 2) {
      const at = old[s + 1]!;
      if (at === 0) continue;
      let t = old[s]! >>> shift;
      while (slots[2 * t + 1] !== 0) t = (t + 1) & mask;
      slots[2 * t] = old[s]!;
      slots[2 * t + 1] = at;
    }
    this.#slots = slots;
    this.#shift = shift;
    this.#limit = cap * 0.6;
  }
}

function growArena(a: Int32Array, min: number): Int32Array {
  let n = a.length * 2;
  while (n < min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
