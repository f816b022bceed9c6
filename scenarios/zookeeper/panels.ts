/**
 * Report panels for ZooKeeper runs, rebuilt from the servers' role lines (`role {...}`, written at every
 * role change) and the crash faults of the schedule:
 * - leader and epoch per server over time (LOOKING, recovering, LEADING / FOLLOWING in epoch e, down);
 * - the last logged zxid per server at each role change (how far behind a rejoining server was).
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

export function zkPanels(run: RunArtifacts): ModelPanel[] {
  const changes = roleChanges(run);
  return [
    { title: 'Leader and epoch per server', rows: rows(run, changes, roleText) },
    {
      title: 'Last logged zxid per server (at each role change)',
      rows: rows(run, changes, (line) => (line === null ? { text: 'down', tone: 'bad' } : { text: line.lastZxid, tone: 'neutral' })),
    },
  ];
}
