/**
 * Report panels for Kafka runs, rebuilt from the `kafka {...}` log lines (the controller's partition record
 * at every change, each broker's role with its log end and high watermark, truncations), the crash faults
 * of the schedule and the producers' acknowledged adds:
 * - the partition as the controller records it: leader and leader epoch, ISR (and KIP-966's ELR), with a
 *   mark at every election (unclean ones in red) and every fencing;
 * - per broker: its role, leader epoch, log end offset and high watermark at each change, down while
 *   crashed, with truncation marks (how many entries it threw away, and why);
 * - acknowledged adds per leader epoch: how many writes each leader acknowledged.
 */
import type { ModelPanel, PanelMark, PanelSegment, RunArtifacts } from '../../harness/index.js';
import { KAFKA_LOG } from '../../models/kafka/index.js';

interface KafkaLine {
  timeUs: number;
  node: string;
  event: string;
  [field: string]: unknown;
}

function kafkaLines(run: RunArtifacts): KafkaLine[] {
  return run.sim.logs
    .filter((l) => l.message.startsWith(KAFKA_LOG))
    .map((l) => ({ timeUs: l.timeUs, node: l.node, ...(JSON.parse(l.message.slice(KAFKA_LOG.length)) as { event: string }) }));
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Consecutive states as segments: a new segment when the text changes. */
function segmentsOf(points: readonly { atUs: number; text: string; tone: PanelSegment['tone'] }[], endUs: number): PanelSegment[] {
  const out: PanelSegment[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last !== undefined && last.text === p.text && last.tone === p.tone) continue;
    if (last !== undefined) last.toUs = p.atUs;
    out.push({ fromUs: p.atUs, toUs: endUs, text: p.text, tone: p.tone });
  }
  return out.filter((s) => s.toUs > s.fromUs);
}

function partitionPanel(lines: readonly KafkaLine[], endUs: number): ModelPanel['rows'] {
  const record = lines.filter((l) => 'partitionEpoch' in l); // the controller's lines carry the partition record
  const leader: { atUs: number; text: string; tone: PanelSegment['tone'] }[] = [];
  const isr: { atUs: number; text: string; tone: PanelSegment['tone'] }[] = [];
  const leaderMarks: PanelMark[] = [];
  const isrMarks: PanelMark[] = [];
  for (const l of record) {
    const who = l['leader'] === null ? 'no leader' : `leader ${String(l['leader'])}`;
    leader.push({ atUs: l.timeUs, text: `${who}, epoch ${String(l['leaderEpoch'])}`, tone: l['leader'] === null ? 'bad' : 'ok' });
    const members = list(l['isr']);
    const elr = list(l['elr']);
    isr.push({ atUs: l.timeUs, text: `ISR {${members.join(',')}}${elr.length > 0 ? ` ELR {${elr.join(',')}}` : ''}`, tone: members.length <= 1 ? 'warn' : 'ok' });
    if (l.event === 'leader-change') {
      const unclean = l['election'] === 'unclean';
      // An unclean election picks a replica outside the ISR: acknowledged writes it lacks are gone.
      leaderMarks.push({ atUs: l.timeUs, label: `${unclean ? 'UNCLEAN election' : `${String(l['election'] ?? '')} election`}: ${who}, epoch ${String(l['leaderEpoch'])}`, tone: unclean ? 'bad' : 'neutral' });
    }
    if (l.event === 'fenced' || l.event === 'unfenced') isrMarks.push({ atUs: l.timeUs, label: `${String(l['broker'])} ${l.event}`, tone: l.event === 'fenced' ? 'warn' : 'neutral' });
  }
  return [
    { label: 'leader (ctl)', segments: segmentsOf(leader, endUs), marks: leaderMarks },
    { label: 'ISR (ctl)', segments: segmentsOf(isr, endUs), marks: isrMarks },
  ];
}

function brokerRows(run: RunArtifacts, lines: readonly KafkaLine[], endUs: number): ModelPanel['rows'] {
  const brokers = [...new Set(lines.filter((l) => l.event === 'role').map((l) => l.node))].sort();
  return brokers.map((b) => {
    const points: { atUs: number; text: string; tone: PanelSegment['tone'] }[] = [];
    const marks: PanelMark[] = [];
    const events: { atUs: number; line: KafkaLine | null }[] = [
      ...lines.filter((l) => l.node === b && (l.event === 'role' || l.event === 'truncate')).map((l) => ({ atUs: l.timeUs, line: l })),
      ...run.schedule.filter((f) => f.kind === 'crash' && f.node === b).map((f) => ({ atUs: f.at, line: null })),
    ].sort((x, y) => x.atUs - y.atUs);
    let last = '';
    for (const e of events) {
      if (e.line === null) {
        points.push({ atUs: e.atUs, text: 'down', tone: 'bad' });
        continue;
      }
      const l = e.line;
      if (l.event === 'truncate') {
        const from = Number(l['from']);
        const to = Number(l['to']);
        marks.push({ atUs: l.timeUs, label: `truncated its log from ${from} to ${to} (${from - to} entries, ${String(l['reason'])})`, tone: from > to ? 'bad' : 'neutral' });
        continue;
      }
      const role = String(l['role']);
      last = `${role === 'leader' ? 'LEADER' : role} e${String(l['leaderEpoch'])}: LEO ${String(l['logEndOffset'])} HW ${String(l['highWatermark'])}`;
      points.push({ atUs: l.timeUs, text: last, tone: role === 'leader' ? 'ok' : 'neutral' });
    }
    return { label: b, segments: segmentsOf(points, endUs), marks };
  });
}

/** Acknowledged adds between leader changes: how many writes each leader's epoch acknowledged. */
function ackRow(run: RunArtifacts, lines: readonly KafkaLine[], endUs: number): ModelPanel['rows'][number] {
  const changes = lines.filter((l) => 'partitionEpoch' in l && (l.event === 'created' || l.event === 'leader-change'));
  const acks = run.history.filter((o) => o.type === 'ok' && o.f === 'add').map((o) => o.time);
  const segments: PanelSegment[] = changes.map((c, i) => {
    const toUs = changes[i + 1]?.timeUs ?? endUs;
    const n = acks.filter((t) => t >= c.timeUs && t < toUs).length;
    return { fromUs: c.timeUs, toUs, text: `${n} adds acknowledged (leader ${String(c['leader'])}, epoch ${String(c['leaderEpoch'])})`, tone: 'neutral' };
  });
  return { label: 'acknowledged', segments: segments.filter((s) => s.toUs > s.fromUs) };
}

export function kafkaPanels(run: RunArtifacts): ModelPanel[] {
  const lines = kafkaLines(run);
  const endUs = run.sim.nowUs;
  return [
    { title: 'Partition: leader, epoch and ISR as the controller records them (elections and fencing marked)', rows: [...partitionPanel(lines, endUs), ackRow(run, lines, endUs)] },
    { title: 'Brokers: role, leader epoch, log end offset (LEO) and high watermark (HW) at each change; truncations marked', rows: brokerRows(run, lines, endUs) },
  ];
}
