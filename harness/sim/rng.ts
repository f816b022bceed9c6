import seedrandom from 'seedrandom';

/** A deterministic random stream. Each stream is derived from the root seed and its own name only. */
export class Rng {
  readonly #next: () => number;
  readonly name: string;

  constructor(rootSeed: number | string, name: string) {
    this.name = name;
    // alea: fast, well distributed, and seeded from the (root seed, stream name) pair alone,
    // so adding a node or a client never shifts the numbers any other stream produces.
    this.#next = seedrandom.alea(`${rootSeed}\u0000${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return probability > 0 && this.#next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error(`rng ${this.name}: pick from an empty list`);
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** A fresh array with the items in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
