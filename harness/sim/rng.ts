import seedrandom from 'seedrandom';

/** A deterministic random stream. Each stream is derived from the root seed and its own name only. */
export class Rng {
  /**
   * alea's state (s0, s1, s2, c) in a typed array: seedrandom keeps it in object fields behind a per-stream
   * closure, which costs a boxed number per draw and cannot be inlined at the call sites.
   */
  readonly #s = new Float64Array(4);
  readonly name: string;

  constructor(rootSeed: number | string, name: string) {
    this.name = name;
    // alea: fast, well distributed, and seeded from the (root seed, stream name) pair alone,
    // so adding a node or a client never shifts the numbers any other stream produces.
    // Seeding is seedrandom's own; `next` below is its step, operation for operation, so every draw is identical.
    const state = seedrandom.alea(`${rootSeed}\u0000${name}`, { state: true }).state() as unknown as { c: number; s0: number; s1: number; s2: number };
    this.#s[0] = state.s0;
    this.#s[1] = state.s1;
    this.#s[2] = state.s2;
    this.#s[3] = state.c;
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.#s;
    const t = 2091639 * (s[0] as number) + (s[3] as number) * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1] as number;
    s[1] = s[2] as number;
    const c = t | 0;
    s[3] = c;
    const r = t - c;
    s[2] = r;
    return r;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error(`rng ${this.name}: pick from an empty list`);
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A fresh array with the items in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
