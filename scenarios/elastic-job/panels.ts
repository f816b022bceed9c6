/**
 * Report panels for ElasticJob runs, rebuilt from the shard-run notes (the checkers' own input), the
 * sharding notes and the ZooKeeper leader's session expiries:
 * - per item, which instance ran it when; where two instances ran it at once the segment is red and names
 *   both (what the shard exclusivity checker reports);
 * - the job: each re-sharding (by which leader, over which instances) and each session the ensemble expired.
 */
import { runsFromNotes, type ModelPanel, type PanelMark, type PanelSegment, type RunArtifacts, type ShardRun } from '../../harness/index.js';

/** Elementary intervals of an item's runs, each with the instances running it then. */
function itemSegments(runs: readonly ShardRun[]): PanelSegment[] {
  const cuts = [...new Set(runs.flatMap((r) => [r.startUs, r.endUs]))].sort((a, b) => a - b);
  const out: PanelSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const fromUs = cuts[i]!;
    const toUs = cuts[i + 1]!;
    const nodes = [...new Set(runs.filter((r) => r.startUs <= fromUs && r.endUs >= toUs && r.endUs > r.startUs).map((r) => r.node))].sort();
    if (nodes.length === 0) continue;
    const text = nodes.length > 1 ? `${nodes.join(' AND ')} at once` : `${nodes[0]!} runs it`;
    const last = out[out.length - 1];
    if (last !== undefined && last.toUs === fromUs && last.text === text) last.toUs = toUs;
    else out.push({ fromUs, toUs, text, tone: nodes.length > 1 ? 'bad' : 'ok' });
  }
  return out;
}

export function elasticJobPanels(run: RunArtifacts): ModelPanel[] {
  const endUs = run.sim.nowUs;
  const runs = runsFromNotes(run.notes, (node, startUs) =>
    run.schedule.find((f) => (f.kind === 'crash' || f.kind === 'restart') && f.node === node && f.at >= startUs)?.at ?? endUs);
  const items = [...new Set(runs.map((r) => r.item))].sort((a, b) => a - b);
  const jobMarks: PanelMark[] = [];
  for (const n of run.notes) {
    if (n.kind !== 'elastic-job-sharding') continue;
    const instances = Array.isArray(n.data['instances']) ? (n.data['instances'] as unknown[]).map(String) : [];
    jobMarks.push({ atUs: n.timeUs, label: `re-sharded by ${String(n.data['leader'])} over ${instances.length} instance(s): ${instances.join(', ')}`, tone: 'warn' });
  }
  for (const l of run.sim.logs) {
    if (l.message.startsWith('expiring session')) jobMarks.push({ atUs: l.timeUs, label: `${l.node}: ${l.message}`, tone: 'bad' });
  }
  jobMarks.sort((a, b) => a.atUs - b.atUs);
  return [{
    title: 'Shard items: the instance running each item (red: two at once); re-shardings and session expiries marked',
    rows: [
      { label: 'job', segments: [], marks: jobMarks },
      ...items.map((item) => ({ label: `item ${item}`, segments: itemSegments(runs.filter((r) => r.item === item)) })),
    ],
  }];
}
