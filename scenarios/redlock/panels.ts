/**
 * Report panels for lock scenarios, rebuilt after the run from the Redis nodes' keyspace log lines
 * (`keyspace {...}`, `boot {...}`), the crash faults of the schedule, and the clients' lock beliefs:
 * - per Redis node, when the lock key existed, whose value it held and when it was due to expire;
 * - per client, the intervals it believed it held the lock against the intervals a quorum of nodes
 *   really held its value ("true validity").
 * A key's end is the earlier of its deletion (explicit, lazy or by the 100 ms active cycle, so possibly a
 * little late) and its expiry projected from the wall time it was set at (exact unless the clock jumped,
 * in which case the early deletion wins).
 */
import { checkLockExclusivity, type OverlapAnomaly, lockBeliefs, runEnds, type RunArtifacts, type NodeId } from '../../harness/index.js';
import { BOOT_LOG, KEYSPACE_LOG } from '../../models/redis/server.js';
import type { Effect } from '../../models/redis/keyspace.js';
import type { ModelPanel } from '../../reports/types.js';

export interface KeySegment {
  node: NodeId;
  value: string;
  fromUs: number;
  toUs: number;
  /** Why it ended: deleted (release, expiry), lost in a crash, or still there when the run ended. */
  end: 'deleted' | 'crash' | 'run-end';
  ttlMs: number | null;
}

type Ev = { timeUs: number; node: NodeId; crash: true } | { timeUs: number; node: NodeId; crash: false; line: string };

/** When the lock key existed on each node, from the run's log lines and crash faults. */
export function keySegments(run: RunArtifacts, nodes: readonly NodeId[], key: string): KeySegment[] {
  const watched = new Set(nodes);
  const events: Ev[] = [];
  for (const f of run.schedule) if (f.kind === 'crash' && watched.has(f.node)) events.push({ timeUs: f.at, node: f.node, crash: true });
  for (const l of run.sim.logs) if (watched.has(l.node)) events.push({ timeUs: l.timeUs, node: l.node, crash: false, line: l.message });
  // Stable sort: at one instant a crash comes before the boot that follows it.
  events.sort((a, b) => a.timeUs - b.timeUs || (a.crash === b.crash ? 0 : a.crash ? -1 : 1));
  const open = new Map<NodeId, { value: string; fromUs: number; dueUs: number | null; ttlMs: number | null }>();
  const out: KeySegment[] = [];
  const close = (node: NodeId, atUs: number, end: KeySegment['end']) => {
    const o = open.get(node);
    if (o === undefined) return;
    open.delete(node);
    const toUs = o.dueUs === null ? atUs : Math.min(atUs, o.dueUs);
    out.push({ node, value: o.value, fromUs: o.fromUs, toUs: Math.max(o.fromUs, toUs), end, ttlMs: o.ttlMs });
  };
  const start = (node: NodeId, atUs: number, wallMs: number, value: string, expiresAtMs: number | null) => {
    const ttlMs = expiresAtMs === null ? null : expiresAtMs - wallMs;
    open.set(node, { value, fromUs: atUs, dueUs: ttlMs === null ? null : atUs + Math.round(ttlMs * 1000), ttlMs });
  };
  for (const ev of events) {
    if (ev.crash) {
      close(ev.node, ev.timeUs, 'crash');
      continue;
    }
    if (ev.line.startsWith(BOOT_LOG)) {
      const boot = JSON.parse(ev.line.slice(BOOT_LOG.length)) as { wallMs: number; keys: ({ key: string } & { value: string; expiresAtMs: number | null })[] };
      close(ev.node, ev.timeUs, 'crash');
      for (const k of boot.keys) if (k.key === key) start(ev.node, ev.timeUs, boot.wallMs, k.value, k.expiresAtMs);
    } else if (ev.line.startsWith(KEYSPACE_LOG)) {
      const e = JSON.parse(ev.line.slice(KEYSPACE_LOG.length)) as Effect & { wallMs: number };
      if (e.key !== key) continue;
      if (e.op === 'set') {
        close(ev.node, ev.timeUs, 'deleted');
        start(ev.node, ev.timeUs, e.wallMs, e.value, e.expiresAtMs);
      } else if (e.op === 'del') {
        close(ev.node, ev.timeUs, 'deleted');
      } else {
        const o = open.get(ev.node);
        if (o !== undefined) {
          o.ttlMs = e.expiresAtMs - e.wallMs;
          o.dueUs = ev.timeUs + Math.round(o.ttlMs * 1000);
        }
      }
    }
  }
  const endUs = run.sim.nowUs;
  for (const node of [...open.keys()]) close(node, endUs, 'run-end');
  return out.sort((a, b) => a.fromUs - b.fromUs || (a.node < b.node ? -1 : 1));
}

/** Intervals over which at least `quorum` nodes held the same value, per value. */
export function quorumIntervals(segments: readonly KeySegment[], quorum: number): { value: string; fromUs: number; toUs: number }[] {
  const byValue = new Map<string, KeySegment[]>();
  for (const s of segments) byValue.set(s.value, [...(byValue.get(s.value) ?? []), s]);
  const out: { value: string; fromUs: number; toUs: number }[] = [];
  for (const [value, list] of byValue) {
    const edges = list.flatMap((s) => [{ t: s.fromUs, d: 1 }, { t: s.toUs, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
    let count = 0;
    let from = 0;
    for (const e of edges) {
      const before = count;
      count += e.d;
      if (before < quorum && count >= quorum) from = e.t;
      if (before >= quorum && count < quorum && e.t > from) out.push({ value, fromUs: from, toUs: e.t });
    }
  }
  return out.sort((a, b) => a.fromUs - b.fromUs);
}

const sessionOf = (value: string) => value.slice(0, value.lastIndexOf(':'));
const clientOf = (session: string) => session.slice(0, session.indexOf('#'));

export function lockPanels(run: RunArtifacts, options: { nodes: readonly NodeId[]; key: string }): ModelPanel[] {
  const segments = keySegments(run, options.nodes, options.key);
  const quorum = Math.floor(options.nodes.length / 2) + 1;
  const beliefs = lockBeliefs(run.notes, runEnds(run.schedule, run.sim.nowUs));
  const overlapping = new Set<string>();
  for (const a of checkLockExclusivity(beliefs).anomalies as OverlapAnomaly[]) {
    overlapping.add(a.first.session);
    overlapping.add(a.second.session);
  }
  const held = quorumIntervals(segments, quorum);
  const clients = [...new Set([...run.sim.clientIds])];
  const holders: ModelPanel = {
    title: `Lock "${options.key}": believed holding vs held by ${quorum === 1 ? 'the node' : `a quorum (${quorum}/${options.nodes.length})`}`,
    rows: clients.flatMap((client) => [
      {
        label: `${client} believed`,
        segments: beliefs.filter((b) => b.client === client).map((b) => ({
          fromUs: b.fromUs, toUs: b.toUs,
          text: `${b.session}${b.token !== null && b.token !== undefined ? ` token ${b.token}` : ''}`,
          tone: overlapping.has(b.session) ? ('bad' as const) : ('ok' as const),
        })),
      },
      {
        label: `${client} held`,
        segments: held.filter((h) => clientOf(sessionOf(h.value)) === client).map((h) => ({
          fromUs: h.fromUs, toUs: h.toUs, text: sessionOf(h.value), tone: 'neutral' as const,
        })),
      },
    ]),
  };
  const keys: ModelPanel = {
    title: `Redis key "${options.key}" per node (value, TTL; red: lost in a crash)`,
    rows: options.nodes.map((node) => ({
      label: node,
      segments: segments.filter((s) => s.node === node).map((s) => ({
        fromUs: s.fromUs, toUs: s.toUs,
        text: `${sessionOf(s.value)}${s.ttlMs === null ? '' : ` ttl ${Math.round(s.ttlMs)} ms`}`,
        tone: s.end === 'crash' ? ('bad' as const) : ('neutral' as const),
      })),
    })),
  };
  return [holders, keys];
}
