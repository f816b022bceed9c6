/**
 * The side without a quorum acknowledges no write. A write whose server was cut off from a quorum of the
 * ensemble (it could not exchange messages both ways with enough servers, itself included) for the whole
 * time between the client's invoke and its answer cannot have committed through that server: ZAB needs a
 * quorum of ACKs, and the partition drops every message sent after the invoke. Such a write must end
 * refused (connection loss, timeout: `fail` / `info`), never `ok`.
 *
 * Partitions come from the fault schedule: a `partition` fault replaces the grudge (who cannot hear whom),
 * `heal` clears it, and the runner heals everything when the nemesis phase ends. Crashed servers are
 * counted as reachable, so "without a quorum" is, if anything, under-reported.
 */
import { PartitionState } from '../../faults/compile.js';
import type { FaultSchedule, Grudge } from '../../faults/types.js';
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';

export interface ServerWrite {
  /** History index of the write's invoke (for anomalies). */
  index: number;
  client: string;
  server: string;
  invokeUs: number;
  doneUs: number;
  outcome: 'ok' | 'fail' | 'info';
}

export interface MinorityAck extends AnomalyLocus {
  kind: 'acknowledged-without-quorum';
  write: ServerWrite;
}

interface Segment {
  fromUs: number;
  toUs: number;
  grudge: Grudge;
}

/** The partition state over time: segments [fromUs, toUs) with the grudge in force (partitions layer, as the kernel applies them). */
export function grudgeTimeline(schedule: FaultSchedule, endUs: number): Segment[] {
  const changes = schedule.filter((f) => f.kind === 'partition' || f.kind === 'heal').sort((a, b) => a.at - b.at); // stable: same-instant changes keep schedule order
  const state = new PartitionState();
  const out: Segment[] = [];
  let from = 0;
  let grudge: Grudge = {};
  for (const c of [...changes, { kind: 'heal' as const, at: endUs }]) {
    if (c.at > from) out.push({ fromUs: from, toUs: c.at, grudge });
    from = Math.max(from, c.at);
    if (c.kind === 'partition') {
      grudge = state.add(c.grudge, c.replace === true);
    } else {
      state.clear();
      grudge = {};
    }
  }
  out.push({ fromUs: from, toUs: Number.POSITIVE_INFINITY, grudge });
  return out;
}

const hears = (grudge: Grudge, to: string, from: string): boolean => !(grudge[to] ?? []).includes(from);

/** Servers `server` can talk to both ways under `grudge`, itself included. */
function reachable(grudge: Grudge, servers: readonly string[], server: string): number {
  return servers.filter((s) => s === server || (hears(grudge, s, server) && hears(grudge, server, s))).length;
}

/**
 * Judges each write: `cutOff` when its server lacked a quorum over its whole [invoke, done] window while
 * the client could still reach it (the write was sent to the minority side, not lost on the way).
 */
export function checkMinorityWrites(writes: readonly ServerWrite[], schedule: FaultSchedule, servers: readonly string[], endUs: number): CheckResult {
  const timeline = grudgeTimeline(schedule, endUs);
  const quorum = Math.floor(servers.length / 2) + 1;
  const anomalies: MinorityAck[] = [];
  let cutOff = 0;
  let refused = 0;
  for (const w of writes) {
    const spans = timeline.filter((s) => s.fromUs <= w.doneUs && s.toUs > w.invokeUs);
    const minority = spans.length > 0 && spans.every((s) => reachable(s.grudge, servers, w.server) < quorum);
    const clientLink = spans.every((s) => hears(s.grudge, w.server, w.client) && hears(s.grudge, w.client, w.server));
    if (!minority || !clientLink) continue;
    cutOff++;
    if (w.outcome === 'ok') anomalies.push({ kind: 'acknowledged-without-quorum', write: w, fromUs: w.invokeUs, toUs: w.doneUs, nodes: [w.client, w.server] });
    else refused++;
  }
  const stats = { writes: writes.length, cutOff, refused, acknowledged: anomalies.length };
  const first = anomalies[0];
  if (first === undefined) {
    return { valid: true, explanation: `${cutOff} write(s) sent to a server without a quorum, all refused or timed out`, anomalies: [], stats };
  }
  const w = first.write;
  return {
    valid: false,
    explanation: `${anomalies.length} write(s) acknowledged by a server cut off from a quorum; first: op ${w.index} by ${w.client} on ${w.server} over ${ms(w.invokeUs)}-${ms(w.doneUs)} ms`,
    anomalies,
    stats,
  };
}
