import type { Budget } from './budget.js';
import { VisitedSet } from './cache.js';
import { sharedZobristKeys } from './hash.js';
import type { StateTable } from './states.js';

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
  /**
   * When illegal (streaming search): a determinate op (partition op id) such that the ops invoked up to it
   * are illegal already: the last one invoked before the earliest op no configuration linearized returns,
   * or the latest op a step was refused for (StateSpace.reaches) if that is later.
   */
  unplaced?: number;
}

/**
 * Iterations between budget checks (and the granularity of `run`'s slices), by the bitset's length in words:
 * an iteration copies and compares whole bitsets, so long windows check the clock more often (the time
 * budget is hard: a check overshoots it by a small fraction).
 */
function checkEvery(words: number): number {
  return words <= 4 ? 1024 : words <= 64 ? 256 : 16;
}

/** List entries after the head that a step's prune looks at (StateSpace.reaches): a bounded cost per step. */
const PRUNE_SCAN = 64;

/**
 * The op (an index into `ids`) that can no longer be legal once op i takes the state to `to`, or -1: among
 * the ops still to be linearized whose return is in the next PRUNE_SCAN entries of the call/return list
 * (`next`, entry 2j a call and 2j+1 a return of op j, head 2n, tail 2n+1), with no op that resets the state
 * (`resets[j]` 1) called before that return. Ops called after that return come after it in any
 * linearization, so only the ops before it can take the state elsewhere.
 */
export function firstUnreachable(
  next: Int32Array, n: number, resets: Uint8Array, ids: ArrayLike<number>,
  reaches: (state: number, op: number) => boolean, i: number, to: number,
): number {
  const TAIL = 2 * n + 1;
  let seen = 0;
  for (let e = next[2 * n]!; e !== TAIL && seen < PRUNE_SCAN; e = next[e]!, seen++) {
    const j = e >>> 1;
    if ((e & 1) === 0) {
      if (j !== i && resets[j] === 1) return -1;
    } else if (j !== i && !reaches(to, ids[j]!)) return j;
  }
  return -1;
}

/** Runs a window search to the end (or until the budget runs out). */
export function searchWindow(table: StateTable, w: WindowSearch, budget: Budget): WindowResult {
  const s = new WindowSearcher(table, w);
  s.run(budget, Infinity);
  return s.result;
}

/**
 * Wing-Gong/Lowe search over one window: a doubly linked list of call/return entries in history order,
 * `lift`/`unlift` when an op is linearized or undone, and a memo of (bitset, state) pairs. Indeterminate
 * ops have no return entry, so they never force a backtrack: they may be linearized late or never.
 *
 * The search is resumable: `run` stops after a slice of iterations and picks up where it left off, so the
 * caller can interleave partitions (one hard key must not hide a quick violation in another) without
 * redoing work.
 */
export class WindowSearcher {
  readonly result: WindowResult = { status: 'illegal', ends: [], deepest: { from: null, ops: [] }, visited: 0 };
  readonly visited: VisitedSet;
  done = false;

  readonly #table: StateTable;
  readonly #w: WindowSearch;
  /** Local op index -> partition op id: carried (pending) ops first, then this window's own. */
  readonly #local: number[];
  readonly #carried: Set<number>;
  readonly #localOf = new Map<number, number>();
  readonly #n: number;
  readonly #determinate: number;
  /** Entries: 2i = call of local op i, 2i + 1 = its return; HEAD = 2n, TAIL = 2n + 1. */
  readonly #events: Int32Array;
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  readonly #indet: Uint8Array;
  /** Per local op: the previous indeterminate op of this window with the same effect (Model.effectKey), or -1. */
  readonly #twin: Int32Array;
  readonly #zob: Uint32Array;
  readonly #bits: Uint32Array;
  readonly #stackOp: Int32Array;
  readonly #stackState: Int32Array;
  /** Per depth: 1 when its op was a read-only op taken with no alternative (mode `first`). */
  readonly #stackForced: Uint8Array;
  /** Per local op: 1 for a determinate op that never changes the state, in mode `first` (else all 0). */
  readonly #readOnly: Uint8Array;
  /** The configuration was just entered: look for a read-only op to take first. */
  #fresh = true;
  /** The table's flat transition memo, and where each local op's row starts in it. */
  readonly #trans: Int32Array;
  readonly #transRow: Int32Array;
  readonly #endsByState = new Map<number, Config[]>();
  /** StateSpace.reaches and resets (per local op), when the space has them. */
  readonly #reaches: ((s: number, g: number) => boolean) | null = null;
  readonly #resets: Uint8Array;

  // The loop's registers, saved between slices. startIndex = -1: the next start has not been set up yet.
  #startIndex = -1;
  #state = 0;
  #h = 0;
  #remaining = 0;
  #depth = 0;
  #entry = 0;
  #bestDepth = -1;
  #deepFrom: Config | null = null;
  #deepLen = 0;
  readonly #deepOps: Int32Array;
  /** How many of #deepOps still equal the stack (a new deepest prefix copies only the rest). */
  #deepSame = 0;
  readonly #checkMask: number;

  constructor(table: StateTable, w: WindowSearch) {
    this.#table = table;
    this.#w = w;
    const carried = new Set<number>();
    for (const s of w.starts) for (const p of s.pending) carried.add(p);
    this.#carried = carried;
    const own = w.ops.filter((o) => !carried.has(o));
    const local = [...carried].sort((a, b) => a - b).concat(own);
    this.#local = local;
    const n = local.length;
    this.#n = n;
    local.forEach((g, i) => this.#localOf.set(g, i));
    const ops = table.ops;
    // Entries in history order, ties by entry id: one number per entry, (pos + 1) * span + e, sorted as a
    // typed array (a sort of objects costs seconds of allocation and GC on histories of 10^5 operations).
    const span = 2 * n + 2;
    const keys = new Float64Array(2 * n);
    let count = 0;
    let determinate = 0;
    this.#indet = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const op = ops[local[i]!]!;
      keys[count++] = (carried.has(local[i]!) ? 0 : op.callPos + 1) * span + 2 * i;
      if (op.indeterminate) this.#indet[i] = 1;
      else {
        determinate++;
        keys[count++] = (op.retPos + 1) * span + 2 * i + 1;
      }
    }
    const sorted = keys.subarray(0, count).sort();
    this.#events = Int32Array.from(sorted, (k) => k % span);
    this.#twin = new Int32Array(n).fill(-1);
    const effectKey = table.model.effectKey;
    if (effectKey !== undefined) {
      const lastOf = new Map<string, number>();
      for (let i = carried.size; i < n; i++) {
        if (this.#indet[i] === 0) continue;
        const key = effectKey.call(table.model, ops[local[i]!]!.call);
        this.#twin[i] = lastOf.get(key) ?? -1;
        lastOf.set(key, i);
      }
    }
    this.#determinate = determinate;
    this.#next = new Int32Array(2 * n + 2);
    this.#prev = new Int32Array(2 * n + 2);
    this.#zob = sharedZobristKeys(n);
    const words = Math.max(1, Math.ceil(n / 32));
    this.visited = new VisitedSet(words, 256);
    this.#checkMask = checkEvery(words) - 1;
    this.visited.checkPeriod = checkEvery(words);
    this.#bits = new Uint32Array(words);
    this.#stackOp = new Int32Array(n);
    this.#stackState = new Int32Array(n);
    this.#stackForced = new Uint8Array(n);
    const readOnly = table.readOnlyOps;
    this.#readOnly = w.mode === 'first' ? Uint8Array.from(local, (g) => readOnly[g]!) : new Uint8Array(n);
    this.#deepOps = new Int32Array(n);
    this.#trans = table.trans;
    this.#transRow = Int32Array.from(local, (g) => g * table.dense);
    const space = table.space;
    this.#resets = new Uint8Array(n);
    if (space.reaches !== undefined) {
      this.#reaches = (st, g) => space.reaches!(st, g);
      if (space.resets !== undefined) for (let i = 0; i < n; i++) this.#resets[i] = space.resets(local[i]!) ? 1 : 0;
    }
  }

  /** Whether every op still to be linearized soon can still be legal after local op i takes the state to `to` (firstUnreachable). */
  #reachable(i: number, to: number): boolean {
    return firstUnreachable(this.#next, this.#n, this.#resets, this.#local, this.#reaches!, i, to) < 0;
  }

  #lift(i: number): void {
    const next = this.#next;
    const prev = this.#prev;
    const c = 2 * i;
    next[prev[c]!] = next[c]!;
    prev[next[c]!] = prev[c]!;
    if (this.#indet[i] === 0) {
      const r = c + 1;
      next[prev[r]!] = next[r]!;
      prev[next[r]!] = prev[r]!;
    }
  }

  /** Fresh list for start `k`: everything linked, then the carried ops it already applied lifted out. */
  #setUp(k: number): void {
    const start = this.#w.starts[k]!;
    const next = this.#next;
    const prev = this.#prev;
    const HEAD = 2 * this.#n;
    const TAIL = HEAD + 1;
    let last = HEAD;
    for (const e of this.#events) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = TAIL;
    prev[TAIL] = last;
    this.#bits.fill(0);
    let h = 0;
    const pendingSet = new Set(start.pending);
    for (const g of this.#carried) {
      if (pendingSet.has(g)) continue;
      const i = this.#localOf.get(g)!;
      this.#lift(i);
      this.#bits[i >>> 5]! |= 1 << (i & 31);
      h ^= this.#zob[i]!;
    }
    this.#startIndex = k;
    this.#state = start.state;
    this.#h = h;
    this.#remaining = this.#determinate;
    this.#depth = 0;
    this.#entry = next[HEAD]!;
    this.#fresh = true;
  }

  /**
   * Searches for up to `slice` iterations (rounded up to CHECK_EVERY). Returns true when finished (see
   * `result.status`), false when paused. `budget.over` is asked about this search's memo size.
   */
  run(budget: Budget, slice: number): boolean {
    if (this.done) return true;
    const n = this.#n;
    const HEAD = 2 * n;
    const TAIL = HEAD + 1;
    const next = this.#next;
    const prev = this.#prev;
    const bits = this.#bits;
    const zob = this.#zob;
    const indet = this.#indet;
    const twin = this.#twin;
    const readOnly = this.#readOnly;
    const stackForced = this.#stackForced;
    const stackOp = this.#stackOp;
    const stackState = this.#stackState;
    const trans = this.#trans;
    const transRow = this.#transRow;
    const table = this.#table;
    const visited = this.visited;
    const local = this.#local;
    const result = this.result;
    const starts = this.#w.starts;
    // Imported bindings may compile to getter calls (tsx's CommonJS interop): read them once, not per step.
    const dense = table.dense;
    const mask = this.#checkMask;
    visited.deadline = budget.deadline;
    let iterations = 0;

    if (this.#startIndex < 0) {
      if (starts.length === 0) return this.#finish();
      this.#setUp(0);
    }
    let start = starts[this.#startIndex]!;
    let { state, h, remaining, depth, entry, fresh } = this.#registers();
    let bestDepth = this.#bestDepth;
    for (;;) {
      // Budget and slice checks every checkEvery iterations, out of the loop's way (see the end); at most
      // that many entries are added before the next check, so the memo's size is asked for that far ahead.
      if ((++iterations & mask) === 0 && (iterations >= slice || budget.over(visited.size, visited.bytesAfter(mask + 1)))) break;
      if (depth > bestDepth) {
        bestDepth = depth;
        this.#deeper(start, depth);
      }
      if (remaining === 0) {
        if (this.#reachedEnd(start, state, depth)) return true;
        entry = TAIL; // backtrack: ops still open can as well go first in the next window
      }
      // Read-only first (mode `first`): a read-only op legal here is taken with no alternative. Any full
      // linearization from here can move it to this point (it is invoked, every op that must precede it
      // is linearized, and it changes no state), so if this configuration with it fails, so does this one.
      let i = -1;
      let v = 0;
      let forced = 0;
      if (fresh) {
        fresh = false;
        for (let e = entry; e !== TAIL && (e & 1) === 0; e = next[e]!) {
          const j = e >>> 1;
          if (readOnly[j] === 0) continue;
          let u = state < dense ? trans[transRow[j]! + state]! : 0;
          if (u === 0) u = table.step(local[j]!, state) + 1;
          if (u > 0) {
            i = j;
            v = u;
            forced = 1;
            break;
          }
        }
      }
      if (forced === 0) {
        if (entry === TAIL || (entry & 1) === 1) {
          if (depth === 0) {
            // This start is exhausted: on to the next one, or done.
            if (this.#startIndex + 1 >= starts.length) return this.#finish();
            this.#setUp(this.#startIndex + 1);
            start = starts[this.#startIndex]!;
            ({ state, h, remaining, entry, fresh } = this.#registers());
            continue;
          }
          const k = stackOp[--depth]!;
          if (depth < this.#deepSame) this.#deepSame = depth;
          state = stackState[depth]!;
          bits[k >>> 5]! &= ~(1 << (k & 31));
          h ^= zob[k]!;
          // unlift(k), inlined: put the return entry back, then the call entry.
          const c = 2 * k;
          if (indet[k] === 0) {
            remaining++;
            next[prev[c + 1]!] = c + 1;
            prev[next[c + 1]!] = c + 1;
          }
          next[prev[c]!] = c;
          prev[next[c]!] = c;
          entry = stackForced[depth] === 1 ? TAIL : next[2 * k]!;
          continue;
        }
        i = entry >>> 1;
        // Symmetry: an indeterminate op waits for its earlier twin (invoked before it, so also a candidate
        // here); taking either leads to the same state with an interchangeable op left.
        const t = twin[i]!;
        if (t >= 0 && (bits[t >>> 5]! & (1 << (t & 31))) === 0) {
          entry = next[entry]!;
          continue;
        }
        v = state < dense ? trans[transRow[i]! + state]! : 0;
        if (v === 0) {
          v = table.step(local[i]!, state) + 1;
          if (v === 0) v = -1;
        }
        if (v > 0 && this.#reaches !== null && !this.#reachable(i, v - 1)) {
          v = -1;
          // The step itself is legal: the longest prefix seen may end with it.
          if (depth + 1 > bestDepth) {
            stackOp[depth] = i;
            bestDepth = depth + 1;
            this.#deeper(start, depth + 1);
            this.#deepSame = depth; // stack slot `depth` is taken by the next step
          }
        }
      }
      if (v > 0) {
        const nh = (h ^ zob[i]!) >>> 0;
        bits[i >>> 5]! |= 1 << (i & 31);
        if (visited.add(nh, v - 1, bits)) {
          stackOp[depth] = i;
          stackForced[depth] = forced;
          stackState[depth++] = state;
          state = v - 1;
          h = nh;
          // lift(i), inlined: unlink the call entry and, for a determinate op, its return entry.
          const c = 2 * i;
          next[prev[c]!] = next[c]!;
          prev[next[c]!] = prev[c]!;
          if (indet[i] === 0) {
            remaining--;
            next[prev[c + 1]!] = next[c + 1]!;
            prev[next[c + 1]!] = prev[c + 1]!;
          }
          entry = next[HEAD]!;
          fresh = true;
          continue;
        }
        bits[i >>> 5]! &= ~(1 << (i & 31));
      }
      // A forced op already searched from here: this configuration fails with it, so without it too.
      entry = forced === 1 ? TAIL : next[entry]!;
    }
    if (budget.exhausted !== null) {
      result.status = 'budget';
      result.visited = visited.size;
      this.#publishDeepest();
      this.done = true;
      return true;
    }
    // Paused: keep the registers for the next slice.
    this.#state = state;
    this.#h = h;
    this.#remaining = remaining;
    this.#depth = depth;
    this.#entry = entry;
    this.#fresh = fresh;
    this.#bestDepth = bestDepth;
    return false;
  }

  #registers(): { state: number; h: number; remaining: number; depth: number; entry: number; fresh: boolean } {
    return { state: this.#state, h: this.#h, remaining: this.#remaining, depth: this.#depth, entry: this.#entry, fresh: this.#fresh };
  }

  /**
   * A new longest prefix: kept as local op ids in a typed array; `result.deepest` is built at the end. Only
   * the part of the stack that changed since the last copy is copied (a whole copy per new depth is
   * quadratic on long histories).
   */
  #deeper(start: Config, depth: number): void {
    if (this.#deepFrom !== start) this.#deepSame = 0;
    this.#deepFrom = start;
    this.#deepLen = depth;
    const ops = this.#deepOps;
    for (let k = this.#deepSame; k < depth; k++) ops[k] = this.#stackOp[k]!;
    this.#deepSame = depth;
  }

  #publishDeepest(): void {
    const ops: number[] = [];
    for (let k = 0; k < this.#deepLen; k++) ops.push(this.#local[this.#deepOps[k]!]!);
    this.result.deepest = { from: this.#deepFrom, ops };
  }

  /** Every determinate op is linearized: records the end configuration; true when the search is over. */
  #reachedEnd(start: Config, state: number, depth: number): boolean {
    const n = this.#n;
    const bits = this.#bits;
    const pending: number[] = [];
    for (let i = 0; i < n; i++) if (this.#indet[i] === 1 && (bits[i >>> 5]! & (1 << (i & 31))) === 0) pending.push(this.#local[i]!);
    const path: Path = { parent: start.path, ops: Array.from(this.#stackOp.subarray(0, depth), (i) => this.#local[i]!) };
    addEnd(this.#endsByState, { state, pending, path });
    if (this.#w.mode !== 'first') return false;
    this.result.status = 'ok';
    this.result.ends = [{ state, pending, path }];
    this.result.visited = this.visited.size;
    this.#publishDeepest();
    this.done = true;
    return true;
  }

  #finish(): true {
    const result = this.result;
    result.visited = this.visited.size;
    for (const list of this.#endsByState.values()) result.ends.push(...list);
    result.status = result.ends.length > 0 ? 'ok' : 'illegal';
    this.#publishDeepest();
    this.done = true;
    return true;
  }
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
