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
  /** Memo entries held by other searches that are paused (interleaved partitions), counted against the limit. */
  held = 0;

  constructor(options: BudgetOptions = {}, readonly startedAt = performance.now()) {
    this.deadline = startedAt + (options.timeMs ?? 60_000);
    this.maxEntries = options.maxCacheEntries ?? 4_000_000;
  }

  /** True (and remembers why) once a limit is hit. */
  over(entries: number): boolean {
    if (this.exhausted !== null) return true;
    if (entries + this.held > this.maxEntries) this.exhausted = 'memory';
    else if (performance.now() > this.deadline) this.exhausted = 'time';
    return this.exhausted !== null;
  }
}
