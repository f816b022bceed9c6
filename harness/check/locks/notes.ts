/**
 * The notes lock clients write (ctx.note) and the lock checkers read. Times are true time in µs: a
 * client computes them from its own clocks and records them through `ctx.trueNow()`, which it never
 * uses for decisions.
 */
import type { Note } from '../../sim/simulation.js';

/** `ctx.note('lock-belief', ...)`: over [fromUs, toUs) `client` believed it held `lock`. */
export interface LockBelief {
  lock: string;
  client: string;
  /** Unique per grant (`c1#3`): one acquisition and the critical section that follows it. */
  session: string;
  fromUs: number;
  toUs: number;
  /** Fencing token of the grant, when the lock service issues one. */
  token?: number | null;
}

/** `ctx.note('resource-write', ...)`: a critical-section write and what the resource said. */
export interface ResourceWrite {
  resource: string;
  lock: string;
  client: string;
  session: string;
  /** True time the session's lock was granted (the client's belief began). */
  acquiredUs: number;
  token: number | null;
  value: unknown;
  /** true / false: the resource accepted / rejected it; 'unknown': no answer (timeout). */
  accepted: boolean | 'unknown';
  /** Position in the resource's accepted-write log (when accepted). */
  seq: number | null;
  /** True time the client sent the write and heard the answer. */
  sentUs: number;
  doneUs: number;
}

export const LOCK_BELIEF = 'lock-belief';
export const RESOURCE_WRITE = 'resource-write';

export function lockBeliefs(notes: readonly Note[]): LockBelief[] {
  return notes.filter((n) => n.kind === LOCK_BELIEF).map((n) => n.data as unknown as LockBelief);
}

export function resourceWrites(notes: readonly Note[]): ResourceWrite[] {
  return notes.filter((n) => n.kind === RESOURCE_WRITE).map((n) => n.data as unknown as ResourceWrite);
}
