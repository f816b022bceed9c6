/**
 * Flattens one FailureDetail into the compact, already-described data the page script draws: lanes,
 * operation bars, fault bands, lock intervals, markers, clock offsets, messages and model panels.
 * Tuples instead of objects keep a 20,000-operation report around a megabyte or two.
 */
import { describeSchedule } from '../../harness/faults/describe.js';
import { LOCK_HELD, runEnds, unclosedLockBeliefs } from '../../harness/check/locks/notes.js';
import type { Note } from '../../harness/sim/simulation.js';
import { formatValue } from '../escape.js';
import type { FailureDetail, ModelPanel } from '../types.js';
import { faultBands, type BandKind } from './fault-bands.js';
import { clientOfProcess, type AnomalyText } from './story.js';
import { violationOf, type Violation } from './violations.js';

export const OUTCOMES = ['ok', 'fail', 'info', 'open'] as const;
export const FATES = ['delivered', 'in-flight', 'lost', 'partition', 'reset', 'down', 'stale'] as const;
export const BAND_KINDS: readonly BandKind[] = ['partition', 'cut', 'crash', 'pause', 'drift', 'strobe', 'link'];
/** Messages kept per failure; beyond it, those closest to the violation are kept. */
const MESSAGES_MAX = 100_000;

export interface LaneView {
  label: string;
  kind: 'network' | 'server' | 'client' | 'lock';
  node: string | null;
}

/**
 * [lane, startUs, endUs, outcome (OUTCOMES index), invoke index, completion index or -1, process, text],
 * in invoke order, so each lane's bars are sorted by start.
 */
export type OpTuple = [number, number, number, number, number, number, number, string];
/** [lane, fromUs, toUs, kind (BAND_KINDS index), text, open 0|1] */
export type BandTuple = [number, number, number, number, string, number];
/** [lane, atUs, kind, text] */
export type MarkerTuple = [number, number, 'jump' | 'note', string];
/** [lane, fromUs, toUs, trueValidUntilUs or -1, text] */
export type LockTuple = [number, number, number, number, string];
/** [from lane, to lane, sentUs, deliveredUs or -1, fate (FATES index), type, id] */
export type MessageTuple = [number, number, number, number, number, string, number];

/** A checker's violation as the client draws it: `Violation` with bar ids (positions in `ops`) for history indices. */
export interface ViolationView extends Omit<Violation, 'refs'> {
  /** References (a final read), as bar ids. */
  window: number[];
  /** The first step, or the whole run when no anomaly names a time. */
  fromUs: number;
  toUs: number;
}

export interface FailureView {
  scenario: string;
  seed: number;
  verdict: string;
  expected: string;
  error: string | null;
  checks: { checker: string; valid: string; explanation: string }[];
  violations: ViolationView[];
  replayCommand: string;
  replayFile: string | null;
  schedule: string[];
  endUs: number;
  lanes: LaneView[];
  ops: OpTuple[];
  bands: BandTuple[];
  markers: MarkerTuple[];
  locks: LockTuple[];
  clocks: { node: string; wall: [number, number][]; mono: [number, number][] }[];
  messages: MessageTuple[];
  messagesDropped: number;
  panels: ModelPanel[];
  /** [fromUs, toUs] the report opens on; see `initialView`. */
  initialView: [number, number];
}

/** The share of the run a failure may open on: a violation, its causes and a margin, never the whole run. */
export const OPEN_SHARE_MAX = 0.18;

/**
 * The range a failure opens on: the first violation's window with a margin on each side, widened to the
 * latest cause before it (the fault or model event that made it possible) when that still fits in
 * OPEN_SHARE_MAX of the run; the whole run when no violation names a time (an error run). "Violation"
 * steps through the other windows, "Whole run" zooms out.
 */
export function initialView(endUs: number, step: readonly [number, number] | undefined, causeTimesUs: readonly number[]): [number, number] {
  const end = Math.max(1, endUs);
  if (step === undefined) return [0, end];
  const [from, to] = step;
  const cap = end * OPEN_SHARE_MAX;
  const margin = Math.max((to - from) * 0.25, end / 100);
  let left = from - margin;
  const right = Math.min(end, to + margin);
  const earlier = causeTimesUs.filter((t) => t < left && right - (t - margin / 2) <= cap);
  if (earlier.length > 0) left = Math.max(...earlier) - margin / 2;
  left = Math.max(0, Math.max(left, right - Math.max(cap, to - from + margin)));
  return [Math.round(left), Math.round(right)];
}

function opText(f: string, key: string | undefined, input: unknown, output: unknown, done: boolean): string {
  const head = key === undefined ? f : `${f} [${key}]`;
  const inText = formatValue(input, 120);
  if (!done) return `${head} ${inText}`;
  const outText = formatValue(output, 120);
  return outText === inText ? `${head} ${inText}` : `${head} ${inText} → ${outText}`;
}

function lockName(note: Note): string {
  const lock = note.data['lock'];
  return typeof lock === 'string' ? lock : formatValue(lock ?? 'lock', 60);
}

/** The wall reading at true time 0 shared by most nodes (clock offsets are rare), when not given. */
function guessEpochMs(firstOffsets: number[]): number {
  const counts = new Map<number, number>();
  for (const o of firstOffsets) {
    const rounded = Math.round(o * 1000) / 1000;
    counts.set(rounded, (counts.get(rounded) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [o, c] of counts) if (c > bestCount || (c === bestCount && o < best)) [best, bestCount] = [o, c];
  return best;
}

export function failureView(detail: FailureDetail): FailureView {
  const { run } = detail;
  const lanes: LaneView[] = [{ label: 'network', kind: 'network', node: null }];
  const laneOfNode = new Map<string, number>();
  const lockNodes = new Set(detail.notes.filter((n) => n.kind.startsWith('lock-')).map((n) => n.node));
  const lockLaneOfNode = new Map<string, number>();
  const addNode = (node: string, kind: 'server' | 'client'): void => {
    laneOfNode.set(node, lanes.length);
    lanes.push({ label: node, kind, node });
    if (lockNodes.has(node)) {
      lockLaneOfNode.set(node, lanes.length);
      lanes.push({ label: `${node} locks`, kind: 'lock', node });
    }
  };
  for (const s of detail.nodes.servers) addNode(s, 'server');
  for (const c of detail.nodes.clients) addNode(c, 'client');
  const nodeLane = (node: string): number => {
    const known = laneOfNode.get(node);
    if (known !== undefined) return known;
    addNode(node, 'server');
    return laneOfNode.get(node) as number;
  };
  const processLane = (process: number): number => {
    const clients = detail.nodes.clients;
    const client = clients.length > 0 ? clients[process % clients.length] : undefined;
    return nodeLane(client ?? `process ${process}`);
  };

  // Operations: pair each invoke with its completion on the same process.
  const ops: OpTuple[] = [];
  const barOfIndex = new Map<number, number>();
  const openByProcess = new Map<number, number>();
  for (const op of detail.history) {
    if (op.type === 'invoke') {
      const bar = ops.length;
      ops.push([processLane(op.process), op.time, detail.endUs, 3, op.index, -1, op.process, opText(op.f, op.key, op.value, undefined, false)]);
      openByProcess.set(op.process, bar);
      barOfIndex.set(op.index, bar);
      continue;
    }
    const bar = openByProcess.get(op.process);
    const tuple = bar === undefined ? undefined : ops[bar];
    if (bar === undefined || tuple === undefined) continue;
    openByProcess.delete(op.process);
    const invoke = detail.history[tuple[4]];
    tuple[2] = op.time;
    tuple[3] = OUTCOMES.indexOf(op.type);
    tuple[5] = op.index;
    tuple[7] = opText(op.f, op.key, invoke?.value, op.value, op.type === 'ok');
    barOfIndex.set(op.index, bar);
  }

  const closeUs = detail.nemesisEndUs ?? detail.endUs;
  const derived = faultBands(detail.schedule, closeUs);
  const bands: BandTuple[] = derived.bands.map((b) => [
    b.node === null ? 0 : nodeLane(b.node), b.fromUs, b.toUs, BAND_KINDS.indexOf(b.kind), b.open ? `${b.text} (until the heal at ${(closeUs / 1e6).toFixed(3)} s)` : b.text, b.open ? 1 : 0,
  ]);
  const markers: MarkerTuple[] = derived.markers.map((m) => [nodeLane(m.node), m.atUs, 'jump', m.text]);

  // Locks and other notes.
  const locks: LockTuple[] = [];
  const held = new Map<string, { lane: number; fromUs: number; lock: string }>();
  for (const note of detail.notes) {
    const lockLane = lockLaneOfNode.get(note.node);
    if (lockLane !== undefined && note.kind === 'lock-acquired') {
      const lock = lockName(note);
      held.set(`${note.node}\u0000${lock}`, { lane: lockLane, fromUs: note.timeUs, lock });
    } else if (lockLane !== undefined && note.kind === 'lock-released') {
      const k = `${note.node}\u0000${lockName(note)}`;
      const h = held.get(k);
      if (h !== undefined) locks.push([h.lane, h.fromUs, note.timeUs, -1, `${note.node} holds ${h.lock}`]);
      held.delete(k);
    } else if (lockLane !== undefined && note.kind === 'lock-belief') {
      const num = (k: string, fallback: number): number => (typeof note.data[k] === 'number' ? (note.data[k] as number) : fallback);
      const fromUs = num('fromUs', note.timeUs);
      const trueUntil = num('trueValidUntilUs', -1);
      locks.push([lockLane, fromUs, num('toUs', fromUs), trueUntil, `${note.node} believes it holds ${lockName(note)}`]);
    } else if (note.kind === LOCK_HELD) {
      // Drawn below when nothing closed it; else its lock-belief is the bar.
    } else {
      markers.push([nodeLane(note.node), note.timeUs, 'note', `${note.kind} ${formatValue(note.data, 300)}`]);
    }
  }
  const ranUntilUs = detail.ranUntilUs ?? detail.endUs;
  for (const h of held.values()) locks.push([h.lane, h.fromUs, ranUntilUs, -1, `${lanes[h.lane]?.node ?? '?'} holds ${h.lock} (never released)`]);
  // Ended where the checkers end them: at the crash, the simulation's stop or the validity.
  for (const b of unclosedLockBeliefs(detail.notes, runEnds(detail.schedule, ranUntilUs))) {
    const lane = lockLaneOfNode.get(b.client);
    if (lane !== undefined) locks.push([lane, b.fromUs, b.toUs, -1, `${b.client} believes it holds ${b.lock} (never let go: it crashed, or the run or its validity ended first)`]);
  }

  // Violations, in bar ids.
  const bars = (indices: number[]): number[] => [...new Set(indices.map((i) => barOfIndex.get(i)).filter((b): b is number => b !== undefined))];
  const client = (process: number): string => clientOfProcess(detail.nodes.clients, process);
  const violations: ViolationView[] = run.checks.filter((c) => c.valid === false).map((c) => {
    const { refs, ...v } = violationOf(c, { detail, story: { history: detail.history, client }, bands: derived.bands, markers: derived.markers });
    const first = v.steps[0];
    return { ...v, ops: bars(v.ops), window: bars(refs), prefix: bars(v.prefix), fromUs: first?.[0] ?? 0, toUs: first?.[1] ?? detail.endUs };
  });
  const opening = violations.find((v) => v.steps.length > 0);

  // Clocks: offset of local readings from true time, ms; linear between samples.
  const byNode = new Map<string, { t: number; wall: number; mono: number }[]>();
  for (const s of detail.clockSamples) {
    const list = byNode.get(s.node) ?? [];
    list.push({ t: s.timeUs, wall: s.wallMs - s.timeUs / 1000, mono: s.monotonicMs - s.timeUs / 1000 });
    byNode.set(s.node, list);
  }
  const epochMs = detail.wallEpochMs ?? guessEpochMs([...byNode.values()].map((l) => l[0]?.wall ?? 0));
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const clocks = [...byNode.entries()].map(([node, list]) => {
    const mono0 = list[0]?.mono ?? 0;
    const wall: [number, number][] = [];
    const mono: [number, number][] = [];
    for (const p of list) {
      const w: [number, number] = [p.t, round(p.wall - epochMs)];
      const m: [number, number] = [p.t, round(p.mono - mono0)];
      const lw = wall[wall.length - 1];
      if (lw === undefined || lw[0] !== w[0] || lw[1] !== w[1]) wall.push(w);
      const lm = mono[mono.length - 1];
      if (lm === undefined || lm[0] !== m[0] || lm[1] !== m[1]) mono.push(m);
    }
    return { node, wall, mono };
  });

  // Messages, nearest the first violation when there are too many.
  let kept = detail.messages;
  const centre = violations[0] === undefined ? detail.endUs / 2 : (violations[0].fromUs + violations[0].toUs) / 2;
  if (kept.length > MESSAGES_MAX) {
    kept = [...kept].sort((a, b) => Math.abs(a.sentUs - centre) - Math.abs(b.sentUs - centre)).slice(0, MESSAGES_MAX);
  }
  const messages: MessageTuple[] = kept
    .map((m): MessageTuple => [nodeLane(m.from), nodeLane(m.to), m.sentUs, m.deliveredUs ?? -1, FATES.indexOf(m.fate), m.type, m.id])
    .sort((a, b) => a[2] - b[2]);

  return {
    scenario: run.scenario, seed: run.seed, verdict: run.verdict, expected: run.expected, error: run.error ?? null,
    checks: run.checks.map((c) => ({ checker: c.checker, valid: String(c.valid), explanation: c.explanation })),
    violations, replayCommand: detail.replayCommand, replayFile: detail.replayFile ?? null,
    schedule: detail.scheduleText.length > 0 || detail.schedule.length === 0 ? detail.scheduleText : describeSchedule(detail.schedule),
    endUs: detail.endUs, lanes, ops, bands, markers, locks, clocks, messages,
    messagesDropped: detail.messages.length - kept.length, panels: detail.panels,
    initialView: initialView(detail.endUs, opening?.steps[0], opening?.causes.map((c) => c[0]) ?? []),
  };
}
