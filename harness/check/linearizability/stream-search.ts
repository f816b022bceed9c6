import type { Budget } from './budget.js';
import { firstUnreachable, type Config, type WindowResult } from './search.js';
import type { StateTable } from './states.js';
import { StreamMemo } from './stream-memo.js';

/** Runs a streaming search to the end (or until the budget runs out). */
export function searchStream(table: StateTable, ops: readonly number[], start: Config, budget: Budget): WindowResult {
  const s = new StreamSearcher(table, ops, start);
  s.run(budget, Infinity);
  return s.result;
}

/**
 * Wing-Gong/Lowe search over a whole partition whose memory per memo entry is bounded by the operations
 * still open, not by the history's length. A configuration (linearized set, state) is keyed relative to
 * `low`, the oldest determinate op not yet linearized: every determinate op before it is linearized, so
 * the key is the state, `low`, the indeterminate ops before `low` still free to take effect, and the
 * linearized set from `low` to the newest linearized op (a short bitset: an op is linearizable only while
 * called before every open op returns).
 *
 * Two reductions keep the search small on long histories:
 * - Indeterminate ops die: once every op that could observe an indeterminate op's effect is linearized
 *   (StateTable.deathPoints, from the model), taking effect can no longer make anything legal, so the op is
 *   dropped as if it never happened (Knossos and Porcupine keep such ops forever).
 * - Read-only ops go first: a read-only op legal in the current configuration is linearized at once and
 *   no alternative is tried. Any linearization of the rest can move it to this point (it is called, every
 *   op that must precede it in real time is already linearized, and it changes no state), so if the
 *   configuration with it fails, the configuration without it fails too.
 * - Where the state space says which states an op can still be legal after (StateSpace.reaches: kv's
 *   appends only extend the value), a step into a state from which an op still to be linearized, and
 *   returning before any op that `resets` is called, can never be legal is not taken: no linearization
 *   goes on from there (Porcupine's kv c50-ok: 170,000 memo entries -> about 5,000).
 *
 * Resumable like WindowSearcher: `run` stops after a slice of iterations and continues later.
 */
export class StreamSearcher {
  readonly result: WindowResult = { status: 'illegal', ends: [], deepest: { from: null, ops: [] }, visited: 0 };
  readonly visited = new StreamMemo();
  done = false;

  readonly #table: StateTable;
  readonly #start: Config;
  /** Local op index -> partition op id, in call order. */
  readonly #ids: Int32Array;
  readonly #n: number;
  readonly #indet: Uint8Array;
  /** Per local op: the previous indeterminate op with the same effect (Model.effectKey) and death point, or -1. */
  readonly #twin: Int32Array;
  readonly #readOnly: Uint8Array;
  /** Entries: 2i = call of local op i, 2i + 1 = its return; HEAD = 2n, TAIL = 2n + 1. */
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  /** Indeterminate ops that die once `low` passes position p: dieOps[dieStart[p] .. dieStart[p + 1]). */
  readonly #dieStart: Int32Array;
  readonly #dieOps: Int32Array;
  /** Linearized local ops, one bit each (one spare word for unaligned reads). */
  readonly #lin: Uint32Array;
  /** Local ops linearized in some configuration searched so far. */
  readonly #ever: Uint32Array;
  readonly #stackOp: Int32Array;
  readonly #stackState: Int32Array;
  readonly #stackLow: Int32Array;
  readonly #stackTop: Int32Array;
  readonly #stackDead: Int32Array;
  readonly #stackForced: Uint8Array;
  /** Call entries unlinked because their op died, in unlink order (undone in reverse). */
  readonly #deadStack: Int32Array;
  #key: Int32Array = new Int32Array(64);
  /** StateSpace.reaches and resets, when the space has them. */
  readonly #reaches: ((s: number, g: number) => boolean) | null = null;
  readonly #resets: Uint8Array;
  /**
   * The latest op (local index) a step was refused for. The ops invoked up to the first op never linearized
   * are illegal only together with it: a refusal holds for a subset of the history that has its op.
   */
  #latestRefuser = -1;

  #state: number;
  #low = 0;
  #top = -1;
  #deadLen = 0;
  #remaining = 0;
  #depth = 0;
  #entry = 0;
  /** The configuration was just entered: look for a forced read-only op before scanning. */
  #fresh = true;
  #bestDepth = -1;
  #deepLen = 0;
  readonly #deepOps: Int32Array;
  #deepSame = 0;

  constructor(table: StateTable, ops: readonly number[], start: Config) {
    if (start.pending.length > 0) throw new Error('StreamSearcher starts from a configuration without pending ops');
    this.#table = table;
    this.#start = start;
    const ids = Int32Array.from(ops);
    this.#ids = ids;
    const n = ids.length;
    this.#n = n;
    const all = table.ops;
    const death = table.deathPoints;
    const readOnly = table.readOnlyOps;
    this.#indet = new Uint8Array(n);
    this.#readOnly = new Uint8Array(n);
    const space = table.space;
    this.#resets = new Uint8Array(n);
    if (space.reaches !== undefined) {
      this.#reaches = (s, g) => space.reaches!(s, g);
      if (space.resets !== undefined) for (let i = 0; i < n; i++) this.#resets[i] = space.resets(ids[i]!) ? 1 : 0;
    }
    // Death points in local positions: the last local op at or before the partition op that is the last observer.
    const dieAt = new Int32Array(n).fill(-1);
    let determinate = 0;
    for (let i = 0; i < n; i++) {
      const g = ids[i]!;
      if (readOnly[g] === 1) this.#readOnly[i] = 1;
      if (!all[g]!.indeterminate) {
        determinate++;
        continue;
      }
      this.#indet[i] = 1;
      const d = death[g]!;
      if (d >= 0) dieAt[i] = Math.max(i, lastAtOrBefore(ids, d));
    }
    this.#remaining = determinate;
    let low = 0;
    while (low < n && this.#indet[low] === 1) low++;
    // Ops already dead at the start (their last observer comes before the first determinate op) stay out.
    for (let i = 0; i < low; i++) if (dieAt[i]! < low) dieAt[i] = -1;
    // Symmetry: twins die together, so an op waits for its earlier twin only while both are alive.
    this.#twin = new Int32Array(n).fill(-1);
    const effectKey = table.model.effectKey;
    if (effectKey !== undefined) {
      const lastOf = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        if (this.#indet[i] === 0 || dieAt[i]! < 0) continue;
        const key = `${dieAt[i]} ${effectKey.call(table.model, all[ids[i]!]!.call)}`;
        this.#twin[i] = lastOf.get(key) ?? -1;
        lastOf.set(key, i);
      }
    }
    const dieCount = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) if (dieAt[i]! >= 0) dieCount[dieAt[i]! + 1]!++;
    for (let p = 0; p < n; p++) dieCount[p + 1]! += dieCount[p]!;
    this.#dieStart = dieCount;
    this.#dieOps = new Int32Array(dieCount[n]!);
    const fill = dieCount.slice(0, n);
    for (let i = 0; i < n; i++) if (dieAt[i]! >= 0) this.#dieOps[fill[dieAt[i]!]!++] = i;
    // Entries in history order; an indeterminate op nothing can observe is never linked (it never matters).
    const span = 2 * n + 2;
    const keys = new Float64Array(2 * n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const op = all[ids[i]!]!;
      if (op.indeterminate) {
        if (dieAt[i]! >= 0) keys[count++] = (op.callPos + 1) * span + 2 * i;
      } else {
        keys[count++] = (op.callPos + 1) * span + 2 * i;
        keys[count++] = (op.retPos + 1) * span + 2 * i + 1;
      }
    }
    const sorted = keys.subarray(0, count).sort();
    this.#next = new Int32Array(span);
    this.#prev = new Int32Array(span);
    let last = 2 * n;
    for (const k of sorted) {
      const e = k % span;
      this.#next[last] = e;
      this.#prev[e] = last;
      last = e;
    }
    this.#next[last] = 2 * n + 1;
    this.#prev[2 * n + 1] = last;
    this.#lin = new Uint32Array((n >>> 5) + 2);
    this.#ever = new Uint32Array((n >>> 5) + 1);
    this.#stackOp = new Int32Array(n + 1);
    this.#stackState = new Int32Array(n + 1);
    this.#stackLow = new Int32Array(n + 1);
    this.#stackTop = new Int32Array(n + 1);
    this.#stackDead = new Int32Array(n + 1);
    this.#stackForced = new Uint8Array(n + 1);
    this.#deadStack = new Int32Array(Math.max(1, this.#dieOps.length));
    this.#deepOps = new Int32Array(n);
    this.#state = start.state;
    this.#low = low;
    this.#entry = this.#next[2 * n]!;
  }

  /** Searches for up to `slice` iterations; true when finished (see `result.status`), false when paused. */
  run(budget: Budget, slice: number): boolean {
    if (this.done) return true;
    const n = this.#n;
    const HEAD = 2 * n;
    const TAIL = HEAD + 1;
    const next = this.#next;
    const prev = this.#prev;
    const readOnly = this.#readOnly;
    const twin = this.#twin;
    const table = this.#table;
    const trans = table.trans;
    const dense = table.dense;
    const ids = this.#ids;
    const visited = this.visited;
    let iterations = 0;
    let state = this.#state;
    let entry = this.#entry;
    for (;;) {
      if ((++iterations & 1023) === 0 && (iterations >= slice || budget.over(visited.size, visited.bytesAfter(1024)))) break;
      if (this.#fresh) {
        this.#fresh = false;
        const depth = this.#depth;
        if (depth > this.#bestDepth) this.#deeper(depth);
        if (this.#remaining === 0) return this.#reachedEnd(state, depth);
        entry = next[HEAD]!;
        let forced = -1;
        let forcedTo = -1;
        for (let e = entry; e !== TAIL && (e & 1) === 0; e = next[e]!) {
          const i = e >>> 1;
          if (readOnly[i] === 0) continue;
          const g = ids[i]!;
          let v = state < dense ? trans[g * dense + state]! : 0;
          if (v === 0) v = table.step(g, state) + 1;
          if (v > 0) {
            forced = i;
            forcedTo = v - 1;
            break;
          }
        }
        if (forced >= 0) {
          if (this.#push(forced, state, forcedTo, 1)) {
            state = forcedTo;
            this.#fresh = true;
            continue;
          }
          entry = TAIL; // the configuration with it failed before, so this one fails
        }
      }
      if (entry === TAIL || (entry & 1) === 1) {
        if (this.#depth === 0) return this.#finish();
        const d = this.#depth - 1;
        const i = this.#stackOp[d]!;
        this.#pop();
        state = this.#stackState[d]!;
        entry = this.#stackForced[d] === 1 ? TAIL : next[2 * i]!;
        continue;
      }
      const i = entry >>> 1;
      const t = twin[i]!;
      // Symmetry: an indeterminate op waits for its earlier twin (alive and invoked before it, so also a
      // candidate here); taking either leads to the same state with an interchangeable op left.
      if (readOnly[i] === 0 && (t < 0 || (this.#lin[t >>> 5]! & (1 << (t & 31))) !== 0)) {
        const g = ids[i]!;
        let v = state < dense ? trans[g * dense + state]! : 0;
        if (v === 0) v = table.step(g, state) + 1;
        if (v > 0 && (this.#reaches === null || this.#reachable(i, v - 1)) && this.#push(i, state, v - 1, 0)) {
          state = v - 1;
          this.#fresh = true;
          continue;
        }
      }
      entry = next[entry]!;
    }
    if (budget.exhausted !== null) {
      this.result.status = 'budget';
      this.result.visited = visited.size;
      this.#publishDeepest();
      this.done = true;
      return true;
    }
    this.#state = state;
    this.#entry = entry;
    return false;
  }

  /** Linearizes local op i (from `state` to `to`); false, with nothing changed, when the memo had the result. */
  #push(i: number, state: number, to: number, forced: number): boolean {
    const d = this.#depth;
    const next = this.#next;
    const prev = this.#prev;
    const lin = this.#lin;
    this.#stackOp[d] = i;
    this.#stackState[d] = state;
    this.#stackLow[d] = this.#low;
    this.#stackTop[d] = this.#top;
    this.#stackDead[d] = this.#deadLen;
    this.#stackForced[d] = forced;
    const c = 2 * i;
    next[prev[c]!] = next[c]!;
    prev[next[c]!] = prev[c]!;
    if (this.#indet[i] === 0) {
      next[prev[c + 1]!] = next[c + 1]!;
      prev[next[c + 1]!] = prev[c + 1]!;
      this.#remaining--;
    }
    lin[i >>> 5]! |= 1 << (i & 31);
    this.#ever[i >>> 5]! |= 1 << (i & 31);
    if (i > this.#top) this.#top = i;
    if (i === this.#low) {
      const n = this.#n;
      const indet = this.#indet;
      let low = i + 1;
      while (low < n && (indet[low] === 1 || (lin[low >>> 5]! & (1 << (low & 31))) !== 0)) low++;
      // Indeterminate ops whose last observer is now linearized die.
      const dieStart = this.#dieStart;
      const dieOps = this.#dieOps;
      for (let k = dieStart[i]!, end = dieStart[low]!; k < end; k++) {
        const o = dieOps[k]!;
        if ((lin[o >>> 5]! & (1 << (o & 31))) !== 0) continue;
        const e = 2 * o;
        next[prev[e]!] = next[e]!;
        prev[next[e]!] = prev[e]!;
        this.#deadStack[this.#deadLen++] = e;
      }
      this.#low = low;
    }
    this.#depth = d + 1;
    if (this.visited.add(this.#keyOf(to), this.#keyLen)) return true;
    this.#pop();
    return false;
  }

  /** Whether every op still to be linearized soon can still be legal after local op i takes the state to `to` (firstUnreachable). */
  #reachable(i: number, to: number): boolean {
    const j = firstUnreachable(this.#next, this.#n, this.#resets, this.#ids, this.#reaches!, i, to);
    if (j < 0) return true;
    if (j > this.#latestRefuser) this.#latestRefuser = j;
    // The step itself is legal: the longest prefix seen may end with it.
    const d = this.#depth;
    if (d + 1 > this.#bestDepth) {
      this.#stackOp[d] = i;
      this.#deeper(d + 1);
      this.#deepSame = d; // stack slot d is taken by the next step
    }
    return false;
  }

  /** Undoes the top frame's linearization (the dead ops it caused first: dancing links undo in reverse). */
  #pop(): void {
    const d = --this.#depth;
    if (d < this.#deepSame) this.#deepSame = d;
    const next = this.#next;
    const prev = this.#prev;
    const stop = this.#stackDead[d]!;
    while (this.#deadLen > stop) {
      const e = this.#deadStack[--this.#deadLen]!;
      next[prev[e]!] = e;
      prev[next[e]!] = e;
    }
    const i = this.#stackOp[d]!;
    const c = 2 * i;
    if (this.#indet[i] === 0) {
      next[prev[c + 1]!] = c + 1;
      prev[next[c + 1]!] = c + 1;
      this.#remaining++;
    }
    next[prev[c]!] = c;
    prev[next[c]!] = c;
    this.#lin[i >>> 5]! &= ~(1 << (i & 31));
    this.#low = this.#stackLow[d]!;
    this.#top = this.#stackTop[d]!;
  }

  #keyLen = 0;
  /** The configuration's key: [state, low, pending count, pending ops..., bits from low to the newest linearized op]. */
  #keyOf(state: number): Int32Array {
    const low = this.#low;
    const top = this.#top;
    const bits = top >= low ? top - low + 1 : 0;
    let key = this.#key;
    const next = this.#next;
    const TAIL = 2 * this.#n + 1;
    let k = 3;
    for (let e = next[2 * this.#n]!; e !== TAIL && e >>> 1 < low; e = next[e]!) {
      if (k + 1 >= key.length) key = this.#growKey(k + 1);
      key[k++] = e >>> 1;
    }
    const words = (bits + 31) >>> 5;
    if (k + words >= key.length) key = this.#growKey(k + words);
    key[0] = state;
    key[1] = low;
    key[2] = k - 3;
    const lin = this.#lin;
    for (let w = 0; w < words; w++) {
      const b = low + 32 * w;
      const q = b >>> 5;
      const r = b & 31;
      let word = r === 0 ? lin[q]! : (lin[q]! >>> r) | (lin[q + 1]! << (32 - r));
      const rest = bits - 32 * w;
      if (rest < 32) word &= (1 << rest) - 1;
      key[k++] = word;
    }
    this.#keyLen = k;
    return key;
  }

  #growKey(min: number): Int32Array {
    const key = new Int32Array(Math.max(2 * this.#key.length, min + 1));
    key.set(this.#key);
    this.#key = key;
    return key;
  }

  #deeper(depth: number): void {
    this.#bestDepth = depth;
    this.#deepLen = depth;
    for (let k = this.#deepSame; k < depth; k++) this.#deepOps[k] = this.#stackOp[k]!;
    this.#deepSame = depth;
  }

  #publishDeepest(): void {
    const ops: number[] = [];
    for (let k = 0; k < this.#deepLen; k++) ops.push(this.#ids[this.#deepOps[k]!]!);
    this.result.deepest = { from: this.#start, ops };
  }

  /** Every determinate op is linearized: the search is over. */
  #reachedEnd(state: number, depth: number): true {
    const pending: number[] = [];
    const TAIL = 2 * this.#n + 1;
    for (let e = this.#next[2 * this.#n]!; e !== TAIL; e = this.#next[e]!) pending.push(this.#ids[e >>> 1]!);
    const path = { parent: this.#start.path, ops: Array.from(this.#stackOp.subarray(0, depth), (i) => this.#ids[i]!) };
    this.result.status = 'ok';
    this.result.ends = [{ state, pending, path }];
    this.result.visited = this.visited.size;
    this.#publishDeepest();
    this.done = true;
    return true;
  }

  #finish(): true {
    this.result.visited = this.visited.size;
    this.result.status = 'illegal';
    const all = this.#table.ops;
    const ids = this.#ids;
    for (let u = 0; u < this.#n; u++) {
      if (this.#indet[u] === 0 && (this.#ever[u >>> 5]! & (1 << (u & 31))) === 0) {
        // u was never linearized. The ops invoked before it returns are illegal: any linearization of them
        // would have been followed until u was placed (every other op is invoked after u returns, so it
        // neither comes before any of them nor changes which may go next), as long as every refused step
        // was refused for one of them: the set runs to the latest op a step was refused for.
        const ret = all[ids[u]!]!.retPos;
        let last = Math.max(u, this.#latestRefuser);
        for (let k = last + 1; k < this.#n && all[ids[k]!]!.callPos < ret; k++) if (this.#indet[k] === 0) last = k;
        this.result.unplaced = ids[last]!;
        break;
      }
    }
    this.#publishDeepest();
    this.done = true;
    return true;
  }
}

/** The largest index whose id is at most `id` in a sorted array (0 when there is none: a conservative answer). */
function lastAtOrBefore(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ids[mid]! <= id) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
