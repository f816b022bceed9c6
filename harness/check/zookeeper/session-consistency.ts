/**
 * ZooKeeper's per-session guarantees for plain (non-sync) reads — not linearizability:
 * - **monotonic reads**: a session never sees an older view than one it has already seen: every reply's
 *   zxid (the server's last applied zxid for a read) is at least the largest zxid the session has seen,
 *   and a znode it reads is never older (smaller mzxid) than a version of it the session already saw;
 * - **read your writes**: once a write is acknowledged (with its txn's zxid), the session's later reads
 *   come from a server that has applied it, and see that version of the znode or a later one;
 * - **FIFO client order**: the session's writes take effect in the order it issued them, after
 *   everything it had seen: an acknowledged (or refused-by-the-pipeline) write's zxid is above every zxid
 *   the session saw before it.
 * Two sessions may see each other's writes late: a session reading an old value after another
 * session's acknowledged write is fine here (that is what `sync` is for).
 *
 * Input is the history. A client records what each completed operation observed as its completion's
 * value (`ok` / `fail`): `{ session, zxid }` plus, for reads, what the znode looked like. Operations of a
 * session are sequential (one open at a time), so history order is session order; operations without an
 * observation (timeouts, other workloads) are skipped.
 */
import type { History, Op } from '../../history/types.js';
import type { AnomalyLocus, CheckResult } from '../verdict.js';
import { showZxid } from './zxid.js';

/** What a completed read saw (the completion's value). */
export interface ReadObservation {
  session: string;
  /** The server that answered, and its last applied zxid when it did. */
  server?: string;
  zxid: number;
  data: unknown;
  /** The znode's stat, or null when it did not exist. */
  mzxid: number | null;
  version: number | null;
}

/** What a completed write's reply said: the zxid of its txn (an `error` txn for a failed compare). */
export interface WriteObservation {
  session: string;
  server?: string;
  zxid: number;
}

/** Operation names counted as reads (linearizable `read` = sync + getData, and plain reads); the rest write. */
export const READ_FS: readonly string[] = ['read', 'plain-read'];

export type SessionGuarantee = 'monotonic-reads' | 'read-your-writes' | 'fifo-order';

export interface SessionAnomaly extends AnomalyLocus {
  kind: SessionGuarantee;
  session: string;
  /** The completion that went back, and the earlier one of the same session it went back from. */
  op: Op;
  after: Op;
  what: string;
}

interface Seen {
  zxid: number;
  op: Op;
  write: boolean;
}

const MAX_ANOMALIES = 20;

function observation(op: Op): (WriteObservation & Partial<ReadObservation>) | null {
  const v = op.value as Partial<ReadObservation> | null;
  if (v === null || typeof v !== 'object' || typeof v.session !== 'string' || typeof v.zxid !== 'number') return null;
  return v as WriteObservation & Partial<ReadObservation>;
}

export function checkSessionConsistency(history: History): CheckResult {
  const sessions = new Map<string, { view: Seen | null; znodes: Map<string, Seen> }>();
  const keyOf = new Map<number, string | undefined>(); // process -> key of its open invoke
  const anomalies: SessionAnomaly[] = [];
  const counts: Record<SessionGuarantee, number> = { 'monotonic-reads': 0, 'read-your-writes': 0, 'fifo-order': 0 };
  let reads = 0;
  let writes = 0;
  const flag = (kind: SessionGuarantee, session: string, op: Op, after: Op, what: string) => {
    counts[kind]++;
    if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind, session, op, after, what, fromUs: after.time, toUs: op.time, nodes: [] });
  };
  for (const op of history) {
    if (op.type === 'invoke') {
      keyOf.set(op.process, op.key);
      continue;
    }
    const key = op.key ?? keyOf.get(op.process) ?? '';
    if (op.type === 'info') continue;
    const o = observation(op);
    if (o === null) continue;
    let s = sessions.get(o.session);
    if (s === undefined) sessions.set(o.session, (s = { view: null, znodes: new Map() }));
    const isRead = READ_FS.includes(op.f);
    if (isRead && op.type === 'ok') {
      reads++;
      const view = s.view;
      if (view !== null && o.zxid < view.zxid) {
        flag(view.write ? 'read-your-writes' : 'monotonic-reads', o.session, op, view.op,
          `${op.f} answered at zxid ${showZxid(o.zxid)} after the session had ${view.write ? 'written' : 'seen'} ${showZxid(view.zxid)}`);
      }
      const known = s.znodes.get(key);
      if (known !== undefined && typeof o.mzxid === 'number' && o.mzxid < known.zxid) {
        flag(known.write ? 'read-your-writes' : 'monotonic-reads', o.session, op, known.op,
          `${op.f} saw ${key} as of ${showZxid(o.mzxid)} after the session had ${known.write ? 'written' : 'seen'} it as of ${showZxid(known.zxid)}`);
      }
      if (typeof o.mzxid === 'number' && (known === undefined || o.mzxid > known.zxid)) s.znodes.set(key, { zxid: o.mzxid, op, write: false });
      if (view === null || o.zxid > view.zxid) s.view = { zxid: o.zxid, op, write: false };
      continue;
    }
    if (isRead) continue; // a failed read (NONODE is an ok read without a stat): nothing observed
    writes++;
    const view = s.view;
    if (view !== null && o.zxid <= view.zxid) {
      flag('fifo-order', o.session, op, view.op,
        `${op.f} took effect at zxid ${showZxid(o.zxid)}, not after the ${showZxid(view.zxid)} the session had already ${view.write ? 'written' : 'seen'}`);
    }
    if (op.type === 'ok') s.znodes.set(key, { zxid: o.zxid, op, write: true });
    if (view === null || o.zxid > view.zxid) s.view = { zxid: o.zxid, op, write: true };
  }
  const stats = { sessions: sessions.size, reads, writes, ...counts };
  const first = anomalies[0];
  if (first === undefined) {
    return {
      valid: true,
      explanation: `${sessions.size} session(s), ${reads} reads and ${writes} writes: monotonic reads, read-your-writes and FIFO order hold`,
      anomalies: [],
      stats,
    };
  }
  const total = counts['monotonic-reads'] + counts['read-your-writes'] + counts['fifo-order'];
  return {
    valid: false,
    explanation: `${total} session guarantee violation(s); first: ${first.kind} in session ${first.session}: ${first.what} (op ${first.op.index}, after op ${first.after.index})`,
    anomalies,
    stats,
  };
}
