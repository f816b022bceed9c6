/**
 * Where a checker's anomaly happened, read from the anomaly itself: its own true-time window (`fromUs` /
 * `toUs`, AnomalyLocus), the history operations it names (`ackIndex`, `ops`, `minimalOps`, ...), its nodes,
 * and, for anomalies that name only a zxid (ZooKeeper's agreement and durability), the notes that carry the
 * same zxid (a client's `zk-ack`). Anomalies close in time are merged into the steps the report walks through.
 */
import type { History } from '../../harness/history/types.js';
import type { Note } from '../../harness/sim/simulation.js';

export interface Locus {
  fromUs: number;
  toUs: number;
  /** History indices the anomaly names as involved (the window's own operations). */
  ops: number[];
  /** History indices named only as a reference (the final read a lost write is missing from). */
  refs: number[];
  nodes: string[];
}

/** Fields naming one history index of an involved operation; `readIndex` is the final read, a reference. */
const OP_FIELDS = ['ackIndex', 'index', 'opIndex', 'invokeIndex', 'completionIndex'] as const;
const OP_LIST_FIELDS = ['minimalOps', 'ops', 'indices'] as const;
const REF_FIELDS = ['readIndex'] as const;
/** Fields naming a node (or an instance `node@-@...`) involved. */
const NODE_FIELDS = ['client', 'node', 'instance', 'server', 'by', 'a', 'b', 'replica', 'leader', 'firstServer'] as const;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function indices(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x >= 0) : [];
}

/** `e:c` (as checkers print zxids) or the 64-bit number, as the number. */
function zxidOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const m = /^(\d+):(\d+)$/.exec(v);
    if (m !== null) return Number(m[1]) * 2 ** 32 + Number(m[2]);
  }
  return null;
}

/** Every zxid an anomaly names, at any depth (an entry of a diverging log, a lost txn). */
function zxidsIn(v: unknown, out: Set<number>, depth = 0): void {
  if (depth > 3 || !isRecord(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'zxid') {
      const z = zxidOf(x);
      if (z !== null) out.add(z);
    } else if (isRecord(x)) zxidsIn(x, out, depth + 1);
  }
}

export interface LocateContext {
  history: History;
  notes: readonly Note[];
  /** Known node ids: a node field must name one of them. */
  nodeIds: ReadonlySet<string>;
}

/**
 * When each zxid was seen: notes that carry it (a client's `zk-ack`) and completions whose value does (a
 * ZooKeeper client records the zxid of what it wrote or read); the first sighting wins.
 */
export function zxidTimes(notes: readonly Note[], history: History = [], client: (process: number) => string = String): Map<number, { timeUs: number; node: string }> {
  const out = new Map<number, { timeUs: number; node: string }>();
  for (const n of notes) {
    const z = zxidOf(n.data['zxid']);
    if (z !== null && !out.has(z)) out.set(z, { timeUs: n.timeUs, node: n.node });
  }
  for (const op of history) {
    if (op.type !== 'ok' || !isRecord(op.value)) continue;
    const z = zxidOf(op.value['zxid']);
    if (z !== null && (out.get(z)?.timeUs ?? Number.POSITIVE_INFINITY) > op.time) out.set(z, { timeUs: op.time, node: client(op.process) });
  }
  return out;
}

/**
 * A zxid nobody saw (a txn committed but never acknowledged) lies between the sightings of its epoch's
 * neighbours: zxids of one epoch are issued in time order by its one leader.
 */
function bracket(z: number, seen: ReadonlyMap<number, { timeUs: number }>): [number, number] | null {
  const epoch = Math.floor(z / 2 ** 32);
  let below: number | null = null;
  let above: number | null = null;
  for (const [k, v] of seen) {
    if (Math.floor(k / 2 ** 32) !== epoch) continue;
    if (k < z && (below === null || v.timeUs > below)) below = v.timeUs;
    if (k > z && (above === null || v.timeUs < above)) above = v.timeUs;
  }
  if (below === null && above === null) return null;
  return [below ?? above!, above ?? below!];
}

function nodeOf(v: unknown, known: ReadonlySet<string>): string | null {
  if (typeof v !== 'string') return null;
  const base = v.split('@')[0] ?? v; // ElasticJob instance ids: `j1@-@0`
  return known.has(base) ? base : null;
}

/** Nodes named by the anomaly's own fields and those of the records it holds (a belief, a run, a write). */
function nodesIn(a: Record<string, unknown>, known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const addNode = (v: unknown): void => {
    const n = nodeOf(v, known);
    if (n !== null && !out.includes(n)) out.push(n);
  };
  if (Array.isArray(a['nodes'])) a['nodes'].forEach(addNode);
  if (Array.isArray(a['leaders'])) a['leaders'].forEach(addNode);
  for (const f of NODE_FIELDS) addNode(a[f]);
  for (const v of Object.values(a)) if (isRecord(v)) for (const f of NODE_FIELDS) addNode(v[f]);
  return out;
}

/** The locus of one anomaly, or null when it names no time, no operation and no zxid anything recorded. */
export function locate(anomaly: unknown, ctx: LocateContext, zxids: ReadonlyMap<number, { timeUs: number; node: string }>): Locus | null {
  if (!isRecord(anomaly)) return null;
  const ops = new Set<number>();
  for (const f of OP_FIELDS) {
    const v = anomaly[f];
    if (Number.isInteger(v) && (v as number) >= 0 && (v as number) < ctx.history.length) ops.add(v as number);
  }
  const lists = OP_LIST_FIELDS.map((f) => indices(anomaly[f])).find((l) => l.length > 0) ?? [];
  for (const i of lists) if (i < ctx.history.length) ops.add(i);
  for (const rec of ['op', 'after', 'write']) {
    const v = anomaly[rec];
    if (isRecord(v) && Number.isInteger(v['index'])) ops.add(v['index'] as number);
  }
  const refs = REF_FIELDS.map((f) => anomaly[f]).filter((v): v is number => Number.isInteger(v) && (v as number) >= 0);
  const nodes = nodesIn(anomaly, ctx.nodeIds);
  let fromUs = Number.POSITIVE_INFINITY;
  let toUs = Number.NEGATIVE_INFINITY;
  const see = (t: number): void => {
    if (!Number.isFinite(t)) return;
    fromUs = Math.min(fromUs, t);
    toUs = Math.max(toUs, t);
  };
  if (typeof anomaly['fromUs'] === 'number' && typeof anomaly['toUs'] === 'number') {
    see(anomaly['fromUs']);
    see(anomaly['toUs']);
  } else {
    for (const i of ops) {
      const op = ctx.history[i];
      if (op !== undefined) see(op.time);
    }
    // An op named by its invoke also spans its completion.
    for (const i of ops) {
      const op = ctx.history[i];
      if (op?.type !== 'invoke') continue;
      const done = ctx.history.find((o, k) => k > i && o.process === op.process && o.type !== 'invoke');
      if (done !== undefined) see(done.time);
    }
    const named = new Set<number>();
    zxidsIn(anomaly, named);
    for (const z of named) {
      const at = zxids.get(z);
      if (at === undefined) {
        const near = bracket(z, zxids);
        if (near !== null) { see(near[0]); see(near[1]); }
        continue;
      }
      see(at.timeUs);
      if (!nodes.includes(at.node) && ctx.nodeIds.has(at.node)) nodes.push(at.node);
    }
  }
  if (!Number.isFinite(fromUs)) return null;
  return { fromUs, toUs, ops: [...ops].sort((x, y) => x - y), refs, nodes };
}

export interface Step {
  fromUs: number;
  toUs: number;
  /** Positions of the merged anomalies in the checker's list. */
  anomalies: number[];
}

/** Anomalies whose windows overlap or lie within `gapUs` of each other become one step, in time order. */
export function steps(loci: readonly (Locus | null)[], gapUs: number): Step[] {
  const order = loci.map((l, i) => ({ l, i })).filter((x): x is { l: Locus; i: number } => x.l !== null).sort((a, b) => a.l.fromUs - b.l.fromUs);
  const out: Step[] = [];
  for (const { l, i } of order) {
    const last = out[out.length - 1];
    if (last !== undefined && l.fromUs <= last.toUs + gapUs) {
      last.toUs = Math.max(last.toUs, l.toUs);
      last.anomalies.push(i);
    } else out.push({ fromUs: l.fromUs, toUs: l.toUs, anomalies: [i] });
  }
  return out;
}
