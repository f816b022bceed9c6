/**
 * Replica agreement for a replicated log with high watermarks (Kafka's partition replicas, or any
 * leader/follower log): the part of the log a replica may have exposed as committed must be the same
 * everywhere. Inputs are plain data (per-replica entries and high watermarks), so the check does not
 * depend on a model's classes and is easy to test.
 *
 * - Committed agreement: for every pair of replicas, no offset below the smaller of their two high
 *   watermarks holds different entries (a different value or a different leader epoch). A replica's
 *   own HW says it considers everything below committed; two replicas disagreeing there means a
 *   consumer could read different data at one offset depending on whom it asks (KIP-101's divergence).
 * - Final agreement (optional, for a system that has been quiet long enough): every live ISR member
 *   holds exactly the leader's log.
 */
import type { CheckResult } from '../verdict.js';

export interface ReplicaEntry {
  offset: number;
  epoch: number;
  value: unknown;
}

export interface ReplicaLog {
  entries: readonly ReplicaEntry[];
  highWatermark: number;
}

export interface LogAgreementOptions {
  /** Compare the ISR with the leader: every member (other than the leader) must hold exactly the leader's log. */
  final?: { leader: string; isr: readonly string[] };
}

export interface CommittedDivergence {
  kind: 'committed-divergence';
  a: string;
  b: string;
  offset: number;
  /** Below this offset both replicas call their entries committed (min of the two high watermarks). */
  bound: number;
  aEntry: ReplicaEntry;
  bEntry: ReplicaEntry;
}

export interface IsrMismatch {
  kind: 'isr-mismatch';
  replica: string;
  leader: string;
  /** First offset where they differ (or where one log ends), with what each holds there. */
  offset: number;
  replicaEntry: ReplicaEntry | null;
  leaderEntry: ReplicaEntry | null;
  replicaLength: number;
  leaderLength: number;
}

export type LogAnomaly = CommittedDivergence | IsrMismatch;

const same = (x: ReplicaEntry, y: ReplicaEntry): boolean => x.epoch === y.epoch && Object.is(x.value, y.value);
const show = (e: ReplicaEntry | null): string => (e === null ? 'nothing' : `${String(e.value)} (epoch ${e.epoch})`);

function byOffset(entries: readonly ReplicaEntry[]): Map<number, ReplicaEntry> {
  const out = new Map<number, ReplicaEntry>();
  for (const e of entries) out.set(e.offset, e);
  return out;
}

export function checkLogAgreement(replicas: Readonly<Record<string, ReplicaLog>>, options: LogAgreementOptions = {}): CheckResult {
  const ids = Object.keys(replicas).sort();
  const indexed = new Map(ids.map((id) => [id, byOffset(replicas[id]!.entries)]));
  const anomalies: LogAnomaly[] = [];
  let compared = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i]!;
      const b = ids[j]!;
      const bound = Math.min(replicas[a]!.highWatermark, replicas[b]!.highWatermark);
      const la = indexed.get(a)!;
      const lb = indexed.get(b)!;
      for (const [offset, x] of la) {
        if (offset >= bound) continue;
        const y = lb.get(offset);
        if (y === undefined) continue; // a log shorter than its HW (lost on a crash) is not a disagreement about content
        compared++;
        if (!same(x, y)) {
          anomalies.push({ kind: 'committed-divergence', a, b, offset, bound, aEntry: x, bEntry: y });
          break;
        }
      }
    }
  }
  const final = options.final;
  if (final !== undefined) {
    const leader = replicas[final.leader];
    if (leader !== undefined) {
      const lead = [...leader.entries].sort((x, y) => x.offset - y.offset);
      for (const member of final.isr) {
        if (member === final.leader || replicas[member] === undefined) continue;
        const mine = [...replicas[member]!.entries].sort((x, y) => x.offset - y.offset);
        const n = Math.max(mine.length, lead.length);
        for (let k = 0; k < n; k++) {
          const x = mine[k] ?? null;
          const y = lead[k] ?? null;
          if (x === null || y === null || x.offset !== y.offset || !same(x, y)) {
            anomalies.push({
              kind: 'isr-mismatch', replica: member, leader: final.leader, offset: (x ?? y)!.offset,
              replicaEntry: x, leaderEntry: y, replicaLength: mine.length, leaderLength: lead.length,
            });
            break;
          }
        }
      }
    }
  }
  const stats = {
    replicas: ids.length, comparedEntries: compared,
    highWatermarks: Object.fromEntries(ids.map((id) => [id, replicas[id]!.highWatermark])),
    lengths: Object.fromEntries(ids.map((id) => [id, replicas[id]!.entries.length])),
  };
  if (anomalies.length === 0) {
    const tail = final !== undefined ? `, and the ISR [${final.isr.join(', ')}] holds leader ${final.leader}'s log` : '';
    return { valid: true, explanation: `${ids.length} replicas agree below their high watermarks (${compared} entries compared)${tail}`, anomalies, stats };
  }
  const first = anomalies[0]!;
  const explanation = first.kind === 'committed-divergence'
    ? `replicas diverge below their high watermarks: at offset ${first.offset} (< ${first.bound}) ${first.a} has ${show(first.aEntry)} but ${first.b} has ${show(first.bEntry)}`
    : `ISR member ${first.replica} does not hold leader ${first.leader}'s log: at offset ${first.offset} it has ${show(first.replicaEntry)}, the leader ${show(first.leaderEntry)} (lengths ${first.replicaLength} vs ${first.leaderLength})`;
  return { valid: false, explanation: anomalies.length > 1 ? `${explanation} (and ${anomalies.length - 1} more)` : explanation, anomalies, stats };
}
