/**
 * Report panels for ZooKeeper runs, rebuilt from the servers' role lines (`role {...}`, written at every
 * role change) and the crash faults of the schedule:
 * - leader and epoch per server over time (LOOKING, recovering, LEADING / FOLLOWING in epoch e, down);
 * - the latest zxid per server: logged at each role change (how far behind a rejoining server was), then
 *   moving with the zxids of its replies to clients.
 */
import type { RunArtifacts, NodeId } from '../../harness/index.js';
import { ROLE_LOG, type RoleLine } from '../../models/zookeeper/index.js';
import type { ModelPanel, PanelTone } from '../../reports/types.js';

type Row = ModelPanel['rows'][number];

interface Change { timeUs: number; line: RoleLine | null }

/** Role changes per server in time order; `null` marks a crash. */
function roleChanges(run: RunArtifacts): Map<NodeId, Change[]> {
  const out = new Map<NodeId, Change[]>(run.sim.serverIds.map((id) => [id, []]));
  const events: (Change & { node: NodeId; order: number })[] = [];
  for (const f of run.schedule) if (f.kind === 'crash' && out.has(f.node)) events.push({ timeUs: f.at, node: f.node, line: null, order: 0 });
  for (const l of run.sim.logs) {
    if (!l.message.startsWith(ROLE_LOG) || !out.has(l.node)) continue;
    events.push({ timeUs: l.timeUs, node: l.node, line: JSON.parse(l.message.slice(ROLE_LOG.length)) as RoleLine, order: 1 });
  }
  events.sort((a, b) => a.timeUs - b.timeUs || a.order - b.order);
  for (const e of events) out.get(e.node)!.push({ timeUs: e.timeUs, line: e.line });
  // Nodes that never logged a role (a protected resource beside the ensemble) get no row.
  for (const [node, changes] of out) if (changes.every((c) => c.line === null)) out.delete(node);
  return out;
}

function rows(run: RunArtifacts, changesByNode: Map<NodeId, Change[]>, text: (line: RoleLine | null) => { text: string; tone: PanelTone }): Row[] {
  const endUs = run.sim.nowUs;
  const result: Row[] = [];
  for (const [node, changes] of changesByNode) {
    const segments: Row['segments'] = [];
    changes.forEach((c, i) => {
      const toUs = changes[i + 1]?.timeUs ?? endUs;
      if (toUs > c.timeUs) segments.push({ fromUs: c.timeUs, toUs, ...text(c.line) });
    });
    result.push({ label: node, segments });
  }
  return result;
}

function roleText(line: RoleLine | null): { text: string; tone: PanelTone } {
  if (line === null) return { text: 'down', tone: 'bad' };
  switch (line.role) {
    case 'LOOKING':
      return { text: 'LOOKING', tone: 'warn' };
    case 'LEADING (recovery)':
      return { text: `leading, recovering (after epoch ${line.epoch})`, tone: 'neutral' };
    case 'LEADING':
      return { text: `LEADING epoch ${line.epoch}`, tone: 'ok' };
    case 'FOLLOWING (sync)':
      return { text: `syncing with ${line.leader}`, tone: 'neutral' };
    case 'FOLLOWING':
      return { text: `FOLLOWING ${line.leader} epoch ${line.epoch}`, tone: 'ok' };
  }
}

/** A zxid as `epoch:counter`. */
const showZxid = (z: number): string => `${Math.floor(z / 2 ** 32)}:${z % 2 ** 32}`;
const zxidNumber = (text: string): number => {
  const [e = '0', c = '0'] = text.split(':');
  return Number(e) * 2 ** 32 + Number(c);
};

/**
 * The latest zxid of each server over time: its last logged zxid at each role change, then the zxids its
 * replies to clients carry (a write it committed, a read it served), so the row moves as transactions commit.
 */
function zxidRows(run: RunArtifacts, changesByNode: Map<NodeId, Change[]>): Row[] {
  const endUs = run.sim.nowUs;
  const replies = new Map<NodeId, { timeUs: number; zxid: number }[]>();
  for (const op of run.history) {
    const v = op.value as { server?: unknown; zxid?: unknown } | null;
    if (op.type !== 'ok' || v === null || typeof v !== 'object' || typeof v.server !== 'string' || typeof v.zxid !== 'number') continue;
    const list = replies.get(v.server) ?? [];
    list.push({ timeUs: op.time, zxid: v.zxid });
    replies.set(v.server, list);
  }
  const result: Row[] = [];
  for (const [node, changes] of changesByNode) {
    type Ev = { timeUs: number; change: Change | null; zxid: number };
    const events: Ev[] = [...changes.map((c) => ({ timeUs: c.timeUs, change: c, zxid: 0 })), ...(replies.get(node) ?? []).map((r) => ({ timeUs: r.timeUs, change: null, zxid: r.zxid }))]
      .sort((a, b) => a.timeUs - b.timeUs || (a.change === null ? 1 : 0) - (b.change === null ? 1 : 0));
    const segments: Row['segments'] = [];
    let down = true;
    let current = 0;
    for (const e of events) {
      if (e.change !== null) {
        down = e.change.line === null;
        current = down ? 0 : zxidNumber(e.change.line!.lastZxid);
      } else if (!down && e.zxid > current) current = e.zxid;
      else continue;
      const text = down ? 'down' : showZxid(current);
      const last = segments[segments.length - 1];
      if (last !== undefined && last.text === text) continue;
      if (last !== undefined) last.toUs = e.timeUs;
      segments.push({ fromUs: e.timeUs, toUs: endUs, text, tone: down ? 'bad' : 'neutral' });
    }
    result.push({ label: node, segments: segments.filter((x) => x.toUs > x.fromUs) });
  }
  return result;
}

export function zkPanels(run: RunArtifacts): ModelPanel[] {
  const changes = roleChanges(run);
  return [
    { title: 'Leader and epoch per server', rows: rows(run, changes, roleText) },
    { title: 'Latest zxid per server (logged at each role change, then as its replies to clients commit and serve)', rows: zxidRows(run, changes) },
  ];
}
