/**
 * Report panel for atomic-commit runs: per node, each transaction from its vote (or try) to its decision
 * (amber while in doubt, red for a transaction whose nodes disagree), its decisions as marks, and a row
 * of the intervals it was down (crashed), from the schedule, for a node that crashed.
 */
import { commitEvents, type ModelPanel, type PanelMark, type PanelSegment, type RunArtifacts } from '../../harness/index.js';

export function commitPanel(run: RunArtifacts, nodes: readonly string[]): ModelPanel {
  const events = commitEvents(run.sim.logs, run.notes);
  const outcomes = new Map<string, Set<string>>();
  for (const e of events) if (e.kind === 'decide') outcomes.set(e.txn, (outcomes.get(e.txn) ?? new Set()).add(e.outcome));
  const split = (txn: string) => (outcomes.get(txn)?.size ?? 0) > 1;
  const endUs = run.sim.nowUs;
  const rows = nodes.flatMap((node) => {
    const segments: PanelSegment[] = [];
    const marks: PanelMark[] = [];
    const open = new Map<string, number>();
    for (const e of events) {
      if (e.node !== node) continue;
      if ((e.kind === 'vote' && e.vote === 'yes') || e.kind === 'reserve') open.set(e.txn, e.timeUs);
      else if (e.kind === 'decide') {
        const from = open.get(e.txn);
        open.delete(e.txn);
        if (from !== undefined) segments.push({ fromUs: from, toUs: e.timeUs, text: `${e.txn} until ${e.outcome}`, tone: split(e.txn) ? 'bad' : 'warn' });
        marks.push({ atUs: e.timeUs, label: `${e.txn} ${e.outcome} (${e.how})`, tone: split(e.txn) ? 'bad' : e.outcome === 'commit' ? 'ok' : 'neutral' });
      }
    }
    for (const [txn, from] of open) segments.push({ fromUs: from, toUs: endUs, text: `${txn} never decided`, tone: 'bad' });
    const down: PanelSegment[] = [];
    let downUs: number | null = null;
    for (const f of run.schedule) {
      if (!('node' in f) || f.node !== node) continue;
      if (f.kind === 'crash' && downUs === null) downUs = f.at;
      else if (f.kind === 'restart' && downUs !== null) {
        down.push({ fromUs: downUs, toUs: f.at, text: 'down', tone: 'bad' });
        downUs = null;
      }
    }
    if (downUs !== null) down.push({ fromUs: downUs, toUs: endUs, text: 'down', tone: 'bad' });
    const row = { label: node, segments: segments.sort((a, b) => a.fromUs - b.fromUs), marks };
    return down.length === 0 ? [row] : [row, { label: `${node} down`, segments: down }];
  });
  return { title: 'Transactions per node: from the yes vote (or try) to the decision; red: nodes disagree; down intervals from the schedule', rows };
}
