/**
 * ZAB's agreement properties over what servers committed. Inputs are plain data (txn strings keyed by
 * zxid), so the checks do not depend on the model's classes and are easy to test.
 */
import type { CheckResult } from '../verdict.js';
import { showZxid } from './zxid.js';

export interface LogEntry {
  zxid: number;
  /** The txn in words; two entries are the same txn when zxid and text are equal. */
  txn: string;
}

export interface Divergence {
  kind: 'diverging-logs';
  a: string;
  b: string;
  /** Position of the first differing entry, and what each server has there. */
  index: number;
  aEntry: LogEntry | null;
  bEntry: LogEntry | null;
}

const showEntry = (e: LogEntry | null): string => (e === null ? 'nothing' : `${showZxid(e.zxid)} ${e.txn}`);

/**
 * Agreement: the committed logs of any two servers are prefixes of one another (ZAB's "if one server
 * delivers a before b, every server that delivers b delivers a first"), and no zxid carries two txns.
 */
export function checkCommittedPrefixes(
  committed: Readonly<Record<string, readonly LogEntry[]>>,
  conflicts: readonly { zxid: string; server: string; txn: string; firstServer: string; firstTxn: string }[] = [],
): CheckResult {
  const anomalies: unknown[] = [];
  const servers = Object.keys(committed).sort();
  for (let i = 0; i < servers.length; i++) {
    for (let j = i + 1; j < servers.length; j++) {
      const a = servers[i]!;
      const b = servers[j]!;
      const la = committed[a]!;
      const lb = committed[b]!;
      const n = Math.min(la.length, lb.length);
      for (let k = 0; k < n; k++) {
        const x = la[k]!;
        const y = lb[k]!;
        if (x.zxid !== y.zxid || x.txn !== y.txn) {
          anomalies.push({ kind: 'diverging-logs', a, b, index: k, aEntry: x, bEntry: y } satisfies Divergence);
          break;
        }
      }
    }
  }
  for (const c of conflicts) anomalies.push({ kind: 'conflicting-commit', ...c });
  const stats = { servers: servers.length, longest: Math.max(0, ...servers.map((s) => committed[s]!.length)) };
  if (anomalies.length === 0) {
    return { valid: true, explanation: `committed logs of ${servers.length} servers are prefixes of one another (${stats.longest} txns)`, anomalies, stats };
  }
  const first = anomalies[0] as Divergence | { kind: 'conflicting-commit'; zxid: string; server: string; txn: string; firstServer: string; firstTxn: string };
  const explanation = first.kind === 'diverging-logs'
    ? `committed logs diverge: at position ${first.index} ${first.a} has ${showEntry(first.aEntry)} but ${first.b} has ${showEntry(first.bEntry)}`
    : `zxid ${first.zxid} was committed as "${first.firstTxn}" on ${first.firstServer} and as "${first.txn}" on ${first.server}`;
  return { valid: false, explanation: anomalies.length > 1 ? `${explanation} (and ${anomalies.length - 1} more)` : explanation, anomalies, stats };
}

export interface LostTxn {
  kind: 'lost-committed-txn' | 'lost-acknowledged-write';
  zxid: string;
  txn: string;
  by: string;
}

/**
 * Durability: every txn a leader committed, and every write a client was told succeeded, is in the final
 * history (at its zxid, unchanged).
 */
export function checkNoLostTxns(
  finalHistory: readonly LogEntry[],
  leaderCommitted: ReadonlyMap<number, { txn: string; leader: string }>,
  acknowledged: readonly { zxid: number; client: string }[],
): CheckResult {
  const final = new Map(finalHistory.map((e) => [e.zxid, e.txn]));
  const anomalies: LostTxn[] = [];
  for (const [zxid, { txn, leader }] of leaderCommitted) {
    if (final.get(zxid) !== txn) anomalies.push({ kind: 'lost-committed-txn', zxid: showZxid(zxid), txn, by: leader });
  }
  for (const { zxid, client } of acknowledged) {
    const txn = leaderCommitted.get(zxid)?.txn;
    if (!final.has(zxid) || (txn !== undefined && final.get(zxid) !== txn)) {
      anomalies.push({ kind: 'lost-acknowledged-write', zxid: showZxid(zxid), txn: txn ?? '?', by: client });
    }
  }
  const stats = { finalTxns: finalHistory.length, leaderCommitted: leaderCommitted.size, acknowledged: acknowledged.length, lost: anomalies.length };
  if (anomalies.length === 0) {
    return { valid: true, explanation: `all ${leaderCommitted.size} leader-committed txns and ${acknowledged.length} acknowledged writes are in the final history`, anomalies, stats };
  }
  const a = anomalies[0]!;
  const what = a.kind === 'lost-committed-txn' ? `committed by leader ${a.by}` : `acknowledged to ${a.by}`;
  return {
    valid: false,
    explanation: `txn ${a.zxid} (${a.txn}), ${what}, is missing from the final history${anomalies.length > 1 ? ` (and ${anomalies.length - 1} more)` : ''}`,
    anomalies,
    stats,
  };
}
