/**
 * Limits on one check: wall time and memo memory. Running out yields `unknown` with the window being
 * searched, never a hang or an out-of-memory crash. Both are hard: the search asks `over` often enough
 * that a check overshoots its time by a small fraction, and before the memo could outgrow its memory.
 */
import { getHeapStatistics } from 'node:v8';

export interface BudgetOptions {
  /** Wall-clock limit for the whole check, in ms (default 60 s). */
  timeMs?: number;
  /** Limit on the memo's memory, in MB (default defaultMemoryMb()). */
  memoryMb?: number;
  /** Limit on memo entries ((linearized set, state) pairs) alive at once. */
  maxCacheEntries?: number;
}

/**
 * The environment variable `faultline run --budget-mb` sets, so the checkers in its worker threads (which
 * inherit the environment) get the limit too.
 */
export const BUDGET_MB_ENV = 'FAULTLINE_BUDGET_MB';

/**
 * Default memo memory: $FAULTLINE_BUDGET_MB, else half of V8's heap limit, which leaves the other half to
 * the history, the model states and the rest of the process (the memo itself is off-heap typed arrays,
 * which V8 counts as external memory).
 */
export function defaultMemoryMb(): number {
  const fromEnv = Number(process.env[BUDGET_MB_ENV]);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.floor(getHeapStatistics().heap_size_limit / 2 / 1048576);
}

export class Budget {
  readonly deadline: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
  exhausted: 'time' | 'memory' | null = null;
  /** Memo entries held by other searches that are paused (interleaved partitions), counted against the limit. */
  held = 0;
  /** Memo bytes held by paused searches, counted against the memory limit. */
  heldBytes = 0;

  constructor(options: BudgetOptions = {}, readonly startedAt = performance.now()) {
    this.deadline = startedAt + (options.timeMs ?? 60_000);
    this.maxEntries = options.maxCacheEntries ?? Number.POSITIVE_INFINITY;
    this.maxBytes = (options.memoryMb ?? defaultMemoryMb()) * 1048576;
  }

  /**
   * True (and remembers why) once a limit is hit. `bytes`: what the caller's memo will take by its next
   * call (VisitedSet.bytesAfter), so memory stops before a growth, not after.
   */
  over(entries: number, bytes = 0): boolean {
    if (this.exhausted !== null) return true;
    if (entries + this.held > this.maxEntries || bytes + this.heldBytes > this.maxBytes) this.exhausted = 'memory';
    else if (performance.now() > this.deadline) this.exhausted = 'time';
    return this.exhausted !== null;
  }
}
