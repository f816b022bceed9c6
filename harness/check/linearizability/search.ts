import type { Budget } from './budget.js';
import { VisitedSet } from './cache.js';
import { zobristKeys } from './hash.js';
import { DENSE, type StateTable } from './states.js';

/** A linearization so far, shared between configurations: this window's ops (partition op ids) after the parent's. */
export interface Path {
  parent: Path | null;
  ops: readonly number[];
}

/** Where a window may start: a state and the indeterminate ops that already took effect. */
export interface Config {
  state: number;
  /** Indeterminate ops (partition op ids) still free to take effect later, or never. */
  pending: readonly number[];
  path: Path | null;
}

export interface WindowSearch {
  /** Partition op ids invoked in this window (in call order). */
  ops: readonly number[];
  starts: readonly Config[];
  /** `first` stops at the first full linearization; `all` collects every reachable end configuration. */
  mode: 'first' | 'all';
}

export interface WindowResult {
  status: 'ok' | 'illegal' | 'budget';
  ends: Config[];
  /** The longest partial linearization seen (partition op ids, in order) and the start it grew from. */
  deepest: { from: Config | null; ops: number[] };
  visited: number;
}

/**
 * Wing-Gong/Lowe search over one window: a doubly linked list of call/return entries in history order,
 * `lift`/`unlift` when an op is linearized or undone, and a memo of (bitset, state) pairs. Indeterminate
 * ops have no return entry, so they never force a backtrack: they may be linearized late or never.
 */
export function searchWindow(table: StateTable, w: WindowSearch, budget: Budget): WindowResult {
  const carried = new Set<number>();
  for (const s of w.starts) for (const p of s.pending) carried.add(p);
  const own = w.ops.filter((o) => !carried.has(o));
  const local = [...carried].sort((a, b) => a - b).concat(own);
  const n = local.length;
  const ops = table.ops;
  const localOf = new Map<number, number>();
  local.forEach((g, i) => localOf.set(g, i));

  // Entries: 2i = call of local op i, 2i + 1 = its return; HEAD = 2n, TAIL = 2n + 1.
  const HEAD = 2 * n;
  const TAIL = 2 * n + 1;
  const next = new Int32Array(2 * n + 2);
  const prev = new Int32Array(2 * n + 2);
  const events: { pos: number; e: number }[] = [];
  let determinate = 0;
  const indet = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[local[i]!]!;
    const isCarried = carried.has(local[i]!);
    events.push({ pos: isCarried ? -1 : op.callPos, e: 2 * i });
    if (op.indeterminate) indet[i] = 1;
    else {
      determinate++;
      events.push({ pos: op.retPos, e: 2 * i + 1 });
    }
  }
  events.sort((a, b) => a.pos - b.pos || a.e - b.e);
  const zob = zobristKeys(n);
  const words = Math.max(1, Math.ceil(n / 32));
  const visited = new VisitedSet(words, 256);
  const bits = new Uint32Array(words);
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const trans: Int32Array[] = local.map((g) => table.table(g));
  const result: WindowResult = { status: 'illegal', ends: [], deepest: { from: null, ops: [] }, visited: 0 };
  const endsByState = new Map<number, Config[]>();
  let bestDepth = -1;

  const lift = (i: number): void => {
    const c = 2 * i;
    next[prev[c]!] = next[c]!;
    prev[next[c]!] = prev[c]!;
    if (indet[i] === 0) {
      const r = c + 1;
      next[prev[r]!] = next[r]!;
      prev[next[r]!] = prev[r]!;
    }
  };
  const unlift = (i: number): void => {
    const c = 2 * i;
    if (indet[i] === 0) {
      const r = c + 1;
      next[prev[r]!] = r;
      prev[next[r]!] = r;
    }
    next[prev[c]!] = c;
    prev[next[c]!] = c;
  };

  let iterations = 0;
  for (const start of w.starts) {
    // Fresh list for this start: everything linked, then the carried ops it already applied lifted out.
    let last = HEAD;
    for (const ev of events) {
      next[last] = ev.e;
      prev[ev.e] = last;
      last = ev.e;
    }
    next[last] = TAIL;
    prev[TAIL] = last;
    bits.fill(0);
    let h = 0;
    const pendingSet = new Set(start.pending);
    for (const g of carried) {
      if (pendingSet.has(g)) continue;
      const i = localOf.get(g)!;
      lift(i);
      bits[i >>> 5]! |= 1 << (i & 31);
      h ^= zob[i]!;
    }
    let state = start.state;
    let remaining = determinate;
    let depth = 0;
    let entry = next[HEAD]!;
    for (;;) {
      if ((++iterations & 4095) === 0 && budget.over(visited.size)) {
        result.status = 'budget';
        result.visited = visited.size;
        return result;
      }
      if (depth > bestDepth) {
        bestDepth = depth;
        result.deepest = { from: start, ops: Array.from(stackOp.subarray(0, depth), (i) => local[i]!) };
      }
      if (remaining === 0) {
        const pending: number[] = [];
        for (let i = 0; i < n; i++) if (indet[i] === 1 && (bits[i >>> 5]! & (1 << (i & 31))) === 0) pending.push(local[i]!);
        const path: Path = { parent: start.path, ops: Array.from(stackOp.subarray(0, depth), (i) => local[i]!) };
        addEnd(endsByState, { state, pending, path });
        if (w.mode === 'first') {
          result.status = 'ok';
          result.ends = [{ state, pending, path }];
          result.visited = visited.size;
          return result;
        }
        entry = TAIL; // backtrack: ops still open can as well go first in the next window
      }
      if (entry === TAIL || (entry & 1) === 1) {
        if (depth === 0) break;
        const i = stackOp[--depth]!;
        state = stackState[depth]!;
        bits[i >>> 5]! &= ~(1 << (i & 31));
        h ^= zob[i]!;
        unlift(i);
        if (indet[i] === 0) remaining++;
        entry = next[2 * i]!;
        continue;
      }
      const i = entry >>> 1;
      const t = trans[i]!;
      let v = state < DENSE ? t[state]! : 0;
      if (v === 0) {
        v = table.step(local[i]!, state) + 1;
        if (v === 0) v = -1;
      }
      if (v > 0) {
        const nh = (h ^ zob[i]!) >>> 0;
        bits[i >>> 5]! |= 1 << (i & 31);
        if (visited.add(nh, v - 1, bits)) {
          stackOp[depth] = i;
          stackState[depth++] = state;
          state = v - 1;
          h = nh;
          lift(i);
          if (indet[i] === 0) remaining--;
          entry = next[HEAD]!;
          continue;
        }
        bits[i >>> 5]! &= ~(1 << (i & 31));
      }
      entry = next[entry]!;
    }
  }
  result.visited = visited.size;
  for (const list of endsByState.values()) result.ends.push(...list);
  result.status = result.ends.length > 0 ? 'ok' : 'illegal';
  return result;
}

/** Keeps, per state, only configurations not dominated: more pending indeterminate ops means more freedom. */
function addEnd(byState: Map<number, Config[]>, c: Config): void {
  const list = byState.get(c.state);
  if (list === undefined) {
    byState.set(c.state, [c]);
    return;
  }
  const mine = new Set(c.pending);
  for (const other of list) if (c.pending.length <= other.pending.length && c.pending.every((p) => other.pending.includes(p))) return;
  const kept = list.filter((other) => !(other.pending.length <= c.pending.length && other.pending.every((p) => mine.has(p))));
  kept.push(c);
  byState.set(c.state, kept);
}
