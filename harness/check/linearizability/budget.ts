/** Limits on one check: wall time and memo size. Running out yields `unknown`, never a hang or an OOM. */
export interface BudgetOptions {
  /** Wall-clock limit for the whole check, in ms. */
  timeMs?: number;
  /** Limit on memo entries ((linearized set, state) pairs) alive at once. */
  maxCacheEntries?: number;
}

export class Budget {
  readonly deadline: number;
  readonly maxEntries: number;
  exhausted: 'time' | 'memory' | null = null;

  constructor(options: BudgetOptions = {}, readonly startedAt = performance.now()) {
    this.deadline = startedAt + (options.timeMs ?? 60_000);
    this.maxEntries = options.maxCacheEntries ?? 4_000_000;
  }

  /** The same deadline with a smaller memo cap (for round-robin deepening over partitions). */
  capped(maxEntries: number): Budget {
    const b = new Budget({ timeMs: this.deadline - this.startedAt, maxCacheEntries: Math.min(maxEntries, this.maxEntries) }, this.startedAt);
    return b;
  }

  /** True (and remembers why) once a limit is hit. */
  over(entries: number): boolean {
    if (this.exhausted !== null) return true;
    if (entries > this.maxEntries) this.exhausted = 'memory';
    else if (performance.now() > this.deadline) this.exhausted = 'time';
    return this.exhausted !== null;
  }
}
