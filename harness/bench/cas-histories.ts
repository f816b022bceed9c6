import type { History } from '../history/types.js';

export interface CasHistoryOptions {
  operations: number;
  processes: number;
  seed: number;
  /** Share of operations that time out (`info`); half of those take effect. Default 0.01. */
  infoRate?: number;
  /** Turn one read in the middle into a stale read: it returns a value overwritten well before it began. */
  staleRead?: boolean;
}

/**
 * A cas-register history as a real register produces it: each process runs one operation at a time (read,
 * write of a fresh value, or cas from the value it last saw to a fresh value), every operation takes effect
 * at a random instant between its invoke and its completion, and reads return the value at that instant.
 * So the history is linearizable, unless `staleRead` plants one read of a long-overwritten value. Seeded
 * (xorshift), so the bench checks the same history every time. Failed cas ops are Knossos-style (`fail`:
 * did not happen) or observations, as the model chooses.
 */
export function generateCasHistory(o: CasHistoryOptions): History {
  const n = o.operations;
  const infoRate = o.infoRate ?? 0.01;
  let x = o.seed | 0 || 1;
  const rand = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  // Per process, back-to-back operations: invoke, effect and completion times.
  const proc = new Int32Array(n);
  const kind = new Uint8Array(n); // 0 read, 1 write, 2 cas
  const invokeAt = new Float64Array(n);
  const effectAt = new Float64Array(n);
  const doneAt = new Float64Array(n);
  const info = new Uint8Array(n); // 1: times out; 2: times out after taking effect
  const clock = new Float64Array(o.processes);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let q = 1; q < o.processes; q++) if (clock[q]! < clock[p]!) p = q;
    const start = clock[p]! + rand() * 5;
    const length = 1 + rand() * 20;
    proc[i] = p;
    const r = rand();
    kind[i] = r < 0.5 ? 0 : r < 0.8 ? 1 : 2;
    invokeAt[i] = start;
    effectAt[i] = start + rand() * length;
    doneAt[i] = start + length;
    if (kind[i] !== 0 && rand() < infoRate) info[i] = rand() < 0.5 ? 1 : 2;
    clock[p] = start + length;
  }
  // Effects in real-time order decide what every op saw.
  const byEffect = Array.from({ length: n }, (_, i) => i).sort((a, b) => effectAt[a]! - effectAt[b]!);
  const seen = new Float64Array(o.processes); // the value each process last saw (0: the initial nil)
  const from = new Float64Array(n);
  const value = new Float64Array(n); // written value, or the value read
  const outcome = new Uint8Array(n); // 0 ok, 1 fail, 2 info
  let current = 0;
  let fresh = 0;
  for (const i of byEffect) {
    const p = proc[i]!;
    if (kind[i] === 0) {
      value[i] = current;
      seen[p] = current;
      continue;
    }
    const v = ++fresh;
    value[i] = v;
    from[i] = seen[p]!;
    const applies = info[i] !== 1 && (kind[i] === 1 || current === from[i]);
    if (applies) current = v;
    outcome[i] = info[i] !== 0 ? 2 : applies ? 0 : 1;
    if (outcome[i] === 0) seen[p] = v;
  }
  if (o.staleRead) plantStaleRead(n, kind, invokeAt, doneAt, effectAt, value, outcome);
  // Invokes and completions in time order (a completion first on a tie), sorted as numbers, not objects.
  const order = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) order[i] = i;
  const at = (e: number): number => ((e & 1) === 1 ? doneAt[e >>> 1]! : invokeAt[e >>> 1]!);
  order.sort((a, b) => at(a) - at(b) || (b & 1) - (a & 1));
  const show = (v: number): number | null => (v === 0 ? null : v);
  const f = ['read', 'write', 'cas'] as const;
  const history: History = new Array(2 * n);
  for (let index = 0; index < 2 * n; index++) {
    const e = order[index]!;
    const i = e >>> 1;
    const k = kind[i]!;
    const time = Math.round(at(e) * 1000);
    const process = proc[i]!;
    if ((e & 1) === 0) {
      history[index] = { index, process, type: 'invoke', f: f[k]!, value: k === 0 ? null : k === 1 ? value[i]! : [show(from[i]!), value[i]!], time };
    } else {
      const type = k === 0 ? 'ok' : (['ok', 'fail', 'info'] as const)[outcome[i]!]!;
      history[index] = { index, process, type, f: f[k]!, value: k === 0 ? show(value[i]!) : k === 1 ? value[i]! : [show(from[i]!), value[i]!], time };
    }
  }
  return history;
}

/**
 * The read nearest the middle whose value a later write replaced, both finished before the read began, is
 * given that overwritten value instead: no order puts it anywhere legal.
 */
function plantStaleRead(
  n: number,
  kind: Uint8Array,
  invokeAt: Float64Array,
  doneAt: Float64Array,
  effectAt: Float64Array,
  value: Float64Array,
  outcome: Uint8Array,
): void {
  // The value written by the last ok write that completed at least 200 ops before the middle read.
  const middle = Math.floor(n / 2);
  let read = middle;
  while (read < n && kind[read] !== 0) read++;
  let old = -1;
  for (let i = Math.max(0, middle - 200); i >= 0 && old < 0; i--) if (kind[i] === 1 && outcome[i] === 0 && doneAt[i]! < invokeAt[read]!) old = i;
  if (read >= n || old < 0) throw new Error('cas history too short for a stale read');
  // A write invoked after it completed overwrote it before the read began (values are fresh: never written again).
  const overwritten = Array.from({ length: read - old - 1 }, (_, k) => old + 1 + k).some(
    (i) => kind[i] === 1 && outcome[i] === 0 && invokeAt[i]! > doneAt[old]! && doneAt[i]! < invokeAt[read]!,
  );
  if (!overwritten) throw new Error('no overwrite before the stale read');
  value[read] = value[old]!;
}
