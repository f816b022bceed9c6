/**
 * The notes lock clients write (ctx.note) and the lock checkers read. Times are true time in µs: a
 * client computes them from its own clocks and records them through `ctx.trueNow()`, which it never
 * uses for decisions.
 */
import type { FaultSchedule } from '../../faults/types.js';
import type { Note } from '../../sim/simulation.js';

/**
 * `ctx.note('lock-belief', ...)`: over [fromUs, toUs) `client` believed it held `lock`. Noted when the
 * belief ends; a client notes `lock-held` when it begins, so one that crashes holding the lock (or still
 * holds it when the run ends) leaves its belief too (`lockBeliefs`).
 */
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

/**
 * `ctx.note('lock-held', ...)`: from `fromUs` on `client` believes it holds `lock`, until the
 * `lock-belief` of the same client, lock, session and `fromUs` ends it. `untilUs` is the true time its
 * own clock will reach the validity it computed, as estimated at the grant (null: no deadline, it holds
 * while its session lives); an extension notes it again with the later `untilUs` (the last one counts).
 */
export interface LockHeld {
  lock: string;
  client: string;
  session: string;
  fromUs: number;
  untilUs: number | null;
  token?: number | null;
}

/** What ends a belief its client never closed: the client's crashes and the end of the run, true µs. */
export interface RunEnds {
  endUs: number;
  /** Per client, the times it crashed (a restart crashes it first), ascending. */
  crashesUs: ReadonlyMap<string, readonly number[]>;
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
export const LOCK_HELD = 'lock-held';
export const RESOURCE_WRITE = 'resource-write';

/**
 * The beliefs the notes describe: each `lock-belief`, and each `lock-held` no `lock-belief` closed,
 * ended at its client's first crash after it began, the run's end or its validity, whichever is first.
 * Without `ends` (notes alone), an unclosed belief ends at its validity or at the last note.
 */
export function lockBeliefs(notes: readonly Note[], ends?: RunEnds): LockBelief[] {
  return [...notes.filter((n) => n.kind === LOCK_BELIEF).map((n) => n.data as unknown as LockBelief), ...unclosedLockBeliefs(notes, ends)];
}

/** The beliefs begun (`lock-held`) and never closed (`lock-belief`), ended as `lockBeliefs` says. */
export function unclosedLockBeliefs(notes: readonly Note[], ends?: RunEnds): LockBelief[] {
  const closedKeys = new Set(notes.filter((n) => n.kind === LOCK_BELIEF).map((n) => beliefKey(n.data as unknown as LockBelief)));
  const endUs = ends?.endUs ?? notes.reduce((max, n) => Math.max(max, n.timeUs), 0);
  const open = new Map<string, LockHeld>();
  for (const n of notes) {
    if (n.kind !== LOCK_HELD) continue;
    const key = beliefKey(n.data as unknown as LockHeld);
    if (!closedKeys.has(key)) open.set(key, n.data as unknown as LockHeld);
  }
  return [...open.values()].map(({ untilUs, ...held }) => {
    const crashUs = ends?.crashesUs.get(held.client)?.find((t) => t >= held.fromUs) ?? Number.POSITIVE_INFINITY;
    return { ...held, toUs: Math.max(held.fromUs, Math.min(crashUs, endUs, untilUs ?? Number.POSITIVE_INFINITY)) };
  });
}

/** The ends of a run that applied `schedule` (its crash and restart faults) and ended at `endUs`. */
export function runEnds(schedule: FaultSchedule, endUs: number): RunEnds {
  const crashesUs = new Map<string, number[]>();
  for (const f of schedule) {
    if (f.kind !== 'crash' && f.kind !== 'restart') continue;
    crashesUs.set(f.node, [...(crashesUs.get(f.node) ?? []), f.at]);
  }
  for (const times of crashesUs.values()) times.sort((a, b) => a - b);
  return { endUs, crashesUs };
}

function beliefKey(b: { lock: string; client: string; session: string; fromUs: number }): string {
  return `${b.client}\u0000${b.lock}\u0000${b.session}\u0000${b.fromUs}`;
}

export function resourceWrites(notes: readonly Note[]): ResourceWrite[] {
  return notes.filter((n) => n.kind === RESOURCE_WRITE).map((n) => n.data as unknown as ResourceWrite);
}
