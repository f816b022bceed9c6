/**
 * Safety at the protected resource. Sessions (one lock grant each) are ranked: by fencing token when
 * the resource fences, else by when the grant happened (true time). Accepted writes, in the resource's
 * own order, must never go back to a lower rank: a write accepted after a later session's write is a
 * stale write (the writer's lock was superseded), which is also what two interleaving critical
 * sections look like (A, B, A). With fencing on this is exactly "no write with a stale token is
 * accepted" (Kleppmann, "How to do distributed locking", 2016).
 */
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { ResourceWrite } from './notes.js';

export interface ResourceOptions {
  /** Rank sessions by fencing token (the resource fences) instead of by grant time. */
  fencing: boolean;
}

export interface StaleWriteAnomaly extends AnomalyLocus {
  kind: 'stale-write';
  resource: string;
  /** The accepted write from the superseded session. */
  write: ResourceWrite;
  /** The write from the later session accepted before it. */
  after: ResourceWrite;
  /** 'token': a lower fencing token was accepted; 'superseded': a write from a session granted before one that
   * already wrote; 'interleaved': the same, and the writer had written before the other (A, B, A). */
  reason: 'token' | 'superseded' | 'interleaved';
}

const MAX_ANOMALIES = 20;

/** From the superseding session's write to the stale write's acceptance: the interval the resource went back in. */
function staleWindow(write: ResourceWrite, after: ResourceWrite): AnomalyLocus {
  return { fromUs: Math.min(after.sentUs, write.sentUs), toUs: Math.max(write.doneUs, after.doneUs), nodes: [write.client, after.client] };
}

export function checkResourceSafety(writes: readonly ResourceWrite[], options: ResourceOptions): CheckResult {
  const rank = (w: ResourceWrite): number => (options.fencing ? (w.token ?? Number.NEGATIVE_INFINITY) : w.acquiredUs);
  const byResource = new Map<string, ResourceWrite[]>();
  let unknown = 0;
  let rejected = 0;
  for (const w of writes) {
    if (w.accepted === 'unknown') unknown++;
    if (w.accepted === false) rejected++;
    if (w.accepted !== true || w.seq === null) continue;
    const list = byResource.get(w.resource) ?? [];
    list.push(w);
    byResource.set(w.resource, list);
  }
  const anomalies: StaleWriteAnomaly[] = [];
  let stale = 0;
  let accepted = 0;
  for (const [resource, list] of [...byResource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => (a.seq as number) - (b.seq as number));
    accepted += list.length;
    let top: ResourceWrite | null = null;
    const seenSessions = new Set<string>();
    let previous: ResourceWrite | null = null;
    for (const w of list) {
      const interleaved = previous !== null && previous.session !== w.session && seenSessions.has(w.session);
      if (top !== null && (rank(w) < rank(top) || interleaved) && w.session !== top.session) {
        stale++;
        const reason = options.fencing ? 'token' : interleaved ? 'interleaved' : 'superseded';
        if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind: 'stale-write', resource, write: w, after: top, reason, ...staleWindow(w, top) });
      }
      if (top === null || rank(w) >= rank(top)) top = w;
      seenSessions.add(w.session);
      previous = w;
    }
  }
  const stats = { writes: writes.length, accepted, rejected, unknown, stale };
  const first = anomalies[0];
  if (first === undefined) {
    return {
      valid: true,
      explanation: `${accepted} accepted critical-section writes in session order${options.fencing ? ` (fencing rejected ${rejected})` : ''}`,
      anomalies: [],
      stats,
    };
  }
  const what = options.fencing
    ? `token ${first.write.token} accepted after token ${first.after.token}`
    : `its lock (granted at ${ms(first.write.acquiredUs)} ms) was superseded by ${first.after.client}'s (granted at ${ms(first.after.acquiredUs)} ms), which had already written`;
  return {
    valid: false,
    explanation: `${stale} stale write(s) accepted at the resource; first: ${first.write.client} (${first.write.session}) wrote ${JSON.stringify(first.write.value)} at ${ms(first.write.doneUs)} ms: ${what}`,
    anomalies,
    stats,
  };
}
