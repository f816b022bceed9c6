/**
 * A stable 64-bit hash (two 32-bit FNV-1a lanes with different offsets) over every event the kernel
 * executes. Values are walked structurally, so equal message bodies hash equally on every machine.
 */
const FNV_PRIME = 0x01000193;

/** Object keys repeat endlessly (`type`, `term`, ...): hash each distinct key once. Bounded, so it cannot grow without limit. */
const KEY_CODES = new Map<string, number>();
const KEY_CODES_MAX = 4096;

function keyCode(key: string): number {
  let code = KEY_CODES.get(key);
  if (code !== undefined) return code;
  code = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) code = Math.imul(code ^ key.charCodeAt(i), FNV_PRIME);
  code = Math.imul(code ^ key.length, FNV_PRIME) >>> 0;
  if (KEY_CODES.size < KEY_CODES_MAX) KEY_CODES.set(key, code);
  return code;
}

export class TraceHash {
  #a = 0x811c9dc5;
  #b = 0x6c62272e;

  int(n: number): void {
    // Integers up to 2^53 fold in as two 32-bit halves; other numbers go through their text form.
    if (Number.isInteger(n)) {
      const lo = n >>> 0;
      // Most values are small non-negative integers (times, ids, kinds): their high half is 0.
      const hi = lo === n ? 0 : Math.floor(n / 4294967296) >>> 0;
      this.#a = Math.imul(this.#a ^ lo, FNV_PRIME);
      this.#b = Math.imul(this.#b ^ hi ^ 0x5bd1e995, FNV_PRIME);
      this.#a = Math.imul(this.#a ^ hi, FNV_PRIME);
      this.#b = Math.imul(this.#b ^ lo, FNV_PRIME);
    } else {
      this.str(String(n));
    }
  }

  str(s: string): void {
    let a = this.#a;
    let b = this.#b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ (c + 0x9e37), FNV_PRIME);
    }
    this.#a = Math.imul(a ^ s.length, FNV_PRIME);
    this.#b = b;
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number': this.int(v); return;
      case 'string': this.str(v); return;
      case 'boolean': this.int(v ? 0x7e : 0x7f); return;
      case 'undefined': this.int(0x7d); return;
      case 'bigint': this.str(`n${v}`); return;
      case 'object':
        if (v === null) { this.int(0x7c); return; }
        if (Object.getPrototypeOf(v) === Object.prototype) {
          // The common case, a plain object (a message body): skip the Map / Set / Uint8Array tests below.
          this.int(0x7b);
          for (const k in v) { this.int(keyCode(k)); this.value((v as Record<string, unknown>)[k]); }
          return;
        }
        if (Array.isArray(v)) {
          this.int(0x5b + v.length);
          for (const item of v) this.value(item);
          return;
        }
        if (v instanceof Map) {
          this.int(0x4d);
          for (const [k, item] of v) { this.value(k); this.value(item); }
          return;
        }
        if (v instanceof Set) {
          this.int(0x53);
          for (const item of v) this.value(item);
          return;
        }
        if (v instanceof Uint8Array) {
          this.int(0x42 + v.length);
          for (const byte of v) this.int(byte);
          return;
        }
        this.int(0x7b);
        // Key order of plain objects is creation order, which a deterministic model reproduces exactly.
        for (const k in v) { this.int(keyCode(k)); this.value((v as Record<string, unknown>)[k]); }
        return;
      default:
        throw new Error(`trace hash: cannot hash a ${typeof v}`);
    }
  }

  digest(): string {
    return (this.#a >>> 0).toString(16).padStart(8, '0') + (this.#b >>> 0).toString(16).padStart(8, '0');
  }
}
