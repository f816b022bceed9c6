/** Helpers over a plain `() => number` in [0, 1), the only randomness soak and swarm generators take. */
export type RandomFn = () => number;

/** Uniform integer in [min, max], both inclusive. */
export function randInt(rng: RandomFn, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: RandomFn, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks an item with probability proportional to its weight (weights > 0). */
export function pickWeighted<T>(rng: RandomFn, items: readonly { item: T; weight: number }[]): T {
  const total = items.reduce((sum, x) => sum + x.weight, 0);
  if (items.length === 0 || !(total > 0)) throw new Error('pickWeighted needs items with positive weights');
  let r = rng() * total;
  for (const { item, weight } of items) {
    if (r < weight) return item;
    r -= weight;
  }
  return (items[items.length - 1] as { item: T }).item;
}

/** A fresh array in random order (Fisher-Yates). */
export function shuffle<T>(rng: RandomFn, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
