/**
 * A failing checker as the report tells it: where each anomaly happened (locate.ts), the steps the
 * "Violation" button walks through, the anomalies in sentences (story.ts), and the causes just before the
 * first step: the faults in effect or begun shortly before, clock jumps, and model-panel events.
 */
import type { CheckerVerdict } from '../../harness/run/run-once.js';
import type { FailureDetail, ModelPanel } from '../types.js';
import type { FaultBand, FaultMarker } from './fault-bands.js';
import { isRecord, locate, steps, zxidTimes, type Locus } from './locate.js';
import { anomalyText, lostAddsSentence, nameProcesses, opSpanWords, seconds, type AnomalyText, type StoryContext } from './story.js';

/** Steps of a partial linearization shown (the last ones, nearest to where it got stuck). */
const LINEARIZATION_STEPS_SHOWN = 12;

/** Porcupine-style view of where a linearization got stuck, in words ready to show. */
export interface LinearizationView {
  start: string;
  /** How many earlier steps are not shown. */
  earlier: number;
  /** [position in the linearization (1-based), the operation in words, the state after it] */
  steps: [number, string, string][];
  /** The op that returned first among those left: it cannot be placed. */
  stuck: string | null;
  /** [the operation, what the model says from the last state] */
  candidates: [string, string][];
}

/** Anomalies told one by one; the rest are counted. */
const ANOMALIES_SHOWN = 6;
/** Causes listed before a step: the latest ones. */
const CAUSES_MAX = 5;

export interface Violation {
  checker: string;
  explanation: string;
  /** "What happened": the first step's anomalies in sentences, then what came just before. */
  story: string[];
  anomalies: AnomalyText[];
  moreAnomalies: number;
  /** History indices: involved operations, references (a final read), the linearizable prefix. */
  ops: number[];
  refs: number[];
  prefix: number[];
  nodes: string[];
  /** True-time windows to step through, in time order; empty when no anomaly names a time. */
  steps: [number, number][];
  /** [atUs, "at 1.234 s: what"] before the first step, in time order. */
  causes: [number, string][];
  linearization: LinearizationView | null;
}

function linearizationView(anomalies: readonly unknown[], story: StoryContext): LinearizationView | null {
  const a = anomalies.find((x) => isRecord(x) && x['kind'] === 'non-linearizable' && isRecord(x['partial']));
  if (!isRecord(a) || !isRecord(a['partial'])) return null;
  const p = a['partial'] as unknown as { start: string; steps: { op: number; state: string }[]; candidates: { op: number; result: string }[]; stuck: number | null };
  const shown = p.steps.slice(-LINEARIZATION_STEPS_SHOWN);
  const earlier = p.steps.length - shown.length;
  const name = (state: string): string => nameProcesses(state, story.client);
  const last = name(p.steps[p.steps.length - 1]?.state ?? p.start);
  return {
    start: name(p.start),
    earlier,
    steps: shown.map((s, k): [number, string, string] => [earlier + k + 1, opSpanWords(s.op, story), name(s.state)]),
    stuck: p.stuck === null ? null : opSpanWords(p.stuck, story),
    candidates: p.candidates.map((c): [string, string] => [opSpanWords(c.op, story),
      c.result === 'illegal' ? `not allowed from ${last}` : `leads to ${name(c.result)}, from which no order of the rest works`]),
  };
}

export interface ViolationContext {
  detail: FailureDetail;
  story: StoryContext;
  bands: readonly FaultBand[];
  markers: readonly FaultMarker[];
}

interface Cause {
  atUs: number;
  text: string;
}

/** Faults, clock jumps and panel marks just before (or during) [fromUs, toUs], latest last. */
export function causesBefore(fromUs: number, toUs: number, endUs: number, ctx: Pick<ViolationContext, 'bands' | 'markers'>, panels: readonly ModelPanel[]): [number, string][] {
  const lookbackUs = Math.max(endUs / 10, 3 * (toUs - fromUs));
  const faults: Cause[] = [];
  // A partition's per-node cuts repeat it: told once, as the partition.
  const partitionStarts = new Set(ctx.bands.filter((b) => b.kind === 'partition').map((b) => b.fromUs));
  for (const b of ctx.bands) {
    if (b.fromUs > toUs || (b.kind === 'cut' && partitionStarts.has(b.fromUs))) continue;
    const ended = b.toUs < fromUs;
    if (ended && b.toUs < fromUs - lookbackUs) continue;
    faults.push({ atUs: b.fromUs, text: `${b.text}${b.toUs <= toUs ? ` (until ${seconds(b.toUs)})` : ' (still in effect)'}` });
  }
  for (const m of ctx.markers) if (m.atUs <= toUs && m.atUs >= fromUs - lookbackUs) faults.push({ atUs: m.atUs, text: `${m.node} ${m.text}` });
  // Without a fault in the lookback, the last faults before the window (an early pause that set it up).
  if (faults.length === 0) {
    for (const b of [...ctx.bands].filter((x) => x.fromUs <= toUs && !(x.kind === 'cut' && partitionStarts.has(x.fromUs))).sort((x, y) => y.fromUs - x.fromUs).slice(0, 2)) {
      faults.push({ atUs: b.fromUs, text: `${b.text} (until ${seconds(b.toUs)})` });
    }
  }
  // Model events (elections, resyncs) only shortly before: the system's reaction to the faults, not its start-up.
  const eventsLookbackUs = Math.max(endUs / 40, 3 * (toUs - fromUs));
  const events: Cause[] = [];
  for (const p of panels) {
    for (const r of p.rows) {
      for (const m of r.marks ?? []) if (m.atUs <= toUs && m.atUs >= fromUs - eventsLookbackUs) events.push({ atUs: m.atUs, text: `${r.label}: ${m.label}` });
    }
  }
  const latest = (list: Cause[], n: number): Cause[] => list.sort((a, b) => a.atUs - b.atUs).slice(-n);
  return [...latest(faults, CAUSES_MAX), ...latest(events, CAUSES_MAX - 2)].sort((a, b) => a.atUs - b.atUs).map((c): [number, string] => [c.atUs, `at ${seconds(c.atUs)}: ${c.text}`]);
}

function prefixOf(anomalies: readonly unknown[]): number[] {
  for (const a of anomalies) if (isRecord(a) && Array.isArray(a['longestPrefix'])) return (a['longestPrefix'] as unknown[]).filter((x): x is number => Number.isInteger(x));
  return [];
}

/** Faults and model events soon after [fromUs, toUs]: how acknowledged writes were lost, what the system did next. */
export function eventsAfter(toUs: number, endUs: number, ctx: Pick<ViolationContext, 'bands' | 'markers'>, panels: readonly ModelPanel[]): string[] {
  const untilUs = toUs + endUs / 5;
  const out: Cause[] = [];
  const partitionStarts = new Set(ctx.bands.filter((b) => b.kind === 'partition').map((b) => b.fromUs));
  for (const b of ctx.bands) if (b.fromUs > toUs && b.fromUs <= untilUs && !(b.kind === 'cut' && partitionStarts.has(b.fromUs))) out.push({ atUs: b.fromUs, text: b.text });
  for (const m of ctx.markers) if (m.atUs > toUs && m.atUs <= untilUs) out.push({ atUs: m.atUs, text: `${m.node} ${m.text}` });
  // Model events the panel marks as bad (an unclean election, a truncation, a resync that discards writes) come first.
  const bad: Cause[] = [];
  for (const p of panels) {
    for (const r of p.rows) {
      for (const m of r.marks ?? []) if (m.atUs > toUs && m.atUs <= untilUs) (m.tone === 'bad' ? bad : out).push({ atUs: m.atUs, text: `${r.label}: ${m.label}` });
    }
  }
  const first = (list: Cause[], n: number): Cause[] => list.sort((a, b) => a.atUs - b.atUs).slice(0, n);
  const picked = first(bad, CAUSES_MAX - 2);
  return [...picked, ...first(out, CAUSES_MAX + 1 - picked.length)].sort((a, b) => a.atUs - b.atUs).map((c) => `at ${seconds(c.atUs)}: ${c.text}`);
}

/** Invokes (history indices) of operations open at some instant of [fromUs, toUs], at most four, latest first. */
function inFlightOps(detail: FailureDetail, fromUs: number, toUs: number): number[] {
  const open = new Map<number, number>();
  const out: number[] = [];
  for (const op of detail.history) {
    if (op.type === 'invoke') {
      open.set(op.process, op.index);
      continue;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (inv !== undefined && detail.history[inv]!.time <= toUs && op.time >= fromUs) out.push(inv);
  }
  for (const inv of open.values()) if (detail.history[inv]!.time <= toUs) out.push(inv);
  return out.sort((a, b) => b - a).slice(0, 4);
}

export function violationOf(check: CheckerVerdict, ctx: ViolationContext): Violation {
  const { detail } = ctx;
  const nodeIds = new Set([...detail.nodes.servers, ...detail.nodes.clients]);
  const zxids = zxidTimes(detail.notes, detail.history, ctx.story.client);
  // An anomaly that lasts to the end of the run (a reservation never released) went wrong where it started.
  const untilEnd = detail.endUs - detail.endUs / 100;
  const loci: (Locus | null)[] = check.anomalies.map((a) => locate(a, { history: detail.history, notes: detail.notes, nodeIds }, zxids))
    .map((l) => (l !== null && l.toUs >= untilEnd && l.fromUs < untilEnd ? { ...l, toUs: l.fromUs } : l));
  const walk = steps(loci, detail.endUs / 200);
  const first = walk[0];
  const inFirst = new Set(first?.anomalies ?? check.anomalies.map((_, i) => i));
  const ops = new Set<number>();
  const refs = new Set<number>();
  const nodes: string[] = [];
  const addNode = (n: string): void => { if (!nodes.includes(n)) nodes.push(n); };
  loci.forEach((l, i) => {
    if (l === null) return;
    for (const o of l.ops) ops.add(o);
    for (const r of l.refs) refs.add(r);
    if (inFirst.has(i)) {
      l.nodes.forEach(addNode);
      for (const o of l.ops) { const op = detail.history[o]; if (op !== undefined) addNode(ctx.story.client(op.process)); }
    }
  });
  // Lost adds (no kind, an ackIndex) are told once for the lot; every other anomaly on its own.
  const lost = check.anomalies.filter((a): a is Record<string, unknown> => isRecord(a) && a['kind'] === undefined && 'ackIndex' in a);
  const rest = check.anomalies.filter((a) => !lost.includes(a as Record<string, unknown>));
  const texts = rest.map((a) => anomalyText(a, ctx.story));
  const lostText = lostAddsSentence(lost, ctx.story);
  const anomalies = [...(lostText !== null ? [{ text: lostText }] : []), ...texts];
  const firstTexts = lostText !== null && lost.some((a) => inFirst.has(check.anomalies.indexOf(a)))
    ? [lostText]
    : [...inFirst].slice(0, 2).map((i) => anomalyText(check.anomalies[i], ctx.story).text);
  const causes = first === undefined ? [] : causesBefore(first.fromUs, first.toUs, detail.endUs, ctx, detail.panels);
  const story = [...firstTexts];
  if (first !== undefined && inFirst.size > firstTexts.length && lostText === null) story.push(`${inFirst.size - firstTexts.length} more anomal${inFirst.size - firstTexts.length === 1 ? 'y' : 'ies'} in the same window.`);
  if (causes.length > 0) story.push(`Just before and during it: ${causes.map((c) => c[1]).join('; ')}.`);
  else if (first !== undefined && detail.schedule.length === 0) story.push('No fault had been injected: the model alone got here.');
  // A lost write is lost after it was acknowledged or committed: what came next tells how.
  const lostTxn = check.anomalies.some((a) => isRecord(a) && typeof a['kind'] === 'string' && a['kind'].startsWith('lost-'));
  if ((lostText !== null || lostTxn) && first !== undefined) {
    const lastAck = lostText !== null ? Math.max(...lost.map((a) => (typeof a['toUs'] === 'number' ? a['toUs'] : first.toUs))) : first.toUs;
    const after = eventsAfter(lastAck, detail.endUs, ctx, detail.panels);
    if (after.length > 0) story.push(`After ${lostText !== null ? `the acknowledgement${lost.length === 1 ? '' : 's'}` : 'the commit'}: ${after.join('; ')}.`);
  }
  if (nodes.length > 0) story.push(`Involved: ${nodes.join(', ')}.`);
  // An anomaly that names no client (a txn lost on the servers): the client operations in flight then.
  if (first !== undefined && !nodes.some((n) => detail.nodes.clients.includes(n))) {
    const inFlight = inFlightOps(detail, first.fromUs, first.toUs);
    if (inFlight.length > 0) story.push(`Client operations in flight then: ${inFlight.map((i) => opSpanWords(i, ctx.story)).join('; ')}.`);
  }
  return {
    checker: check.checker,
    explanation: nameProcesses(check.explanation, ctx.story.client),
    story,
    anomalies: anomalies.slice(0, ANOMALIES_SHOWN),
    moreAnomalies: Math.max(0, anomalies.length - ANOMALIES_SHOWN),
    ops: [...ops].sort((x, y) => x - y),
    refs: [...refs].sort((x, y) => x - y),
    prefix: prefixOf(check.anomalies),
    nodes,
    steps: walk.map((s) => [s.fromUs, s.toUs]),
    causes,
    linearization: linearizationView(check.anomalies, ctx.story),
  };
}
