import type { AnyModel } from './model.js';
import type { LinOp } from './ops.js';
import type { StateSpace } from './space.js';

/**
 * State ids below this use a dense per-op transition table; the rest go straight to the state space. Long
 * histories get fewer columns, so the table stays within about 16 MB.
 */
export function denseColumns(ops: number): number {
  return Math.max(4, Math.min(64, 2 ** Math.floor(Math.log2(4_194_304 / Math.max(1, ops)))));
}

/**
 * The generic state space: interns arbitrary model states by `hash` + `equal`. Models with a faster
 * integer representation provide their own (`Model.space`).
 */
export class InternedSpace implements StateSpace {
  readonly states: unknown[] = [];
  readonly #byHash = new Map<number, number | number[]>();
  readonly init: number;

  constructor(
    readonly model: AnyModel,
    readonly ops: readonly LinOp[],
  ) {
    this.init = this.intern(model.init());
  }

  get size(): number {
    return this.states.length;
  }

  state(s: number): unknown {
    return this.states[s];
  }

  intern(state: unknown): number {
    const h = this.model.hash(state) & 0x3fffffff; // small-int Map keys stay unboxed
    const found = this.#byHash.get(h);
    if (found === undefined) {
      const id = this.states.push(state) - 1;
      this.#byHash.set(h, id);
      return id;
    }
    const ids = typeof found === 'number' ? [found] : found;
    for (const id of ids) if (this.model.equal(this.states[id], state)) return id;
    const id = this.states.push(state) - 1;
    ids.push(id);
    this.#byHash.set(h, ids);
    return id;
  }

  step(i: number, s: number): number {
    const op = this.ops[i]!;
    const r = this.model.step(this.states[s], op.call, op.output);
    return r.ok ? this.intern(r.state) : -1;
  }
}

/**
 * The search's view of a partition's states: a state space plus a memo of transitions per (operation,
 * state id), so the hot loop never steps the model twice for the same small state.
 */
export class StateTable {
  readonly space: StateSpace;
  /**
   * trans[op * dense + state] for state ids below `dense`: 0 = not computed yet, -1 = illegal, otherwise next
   * id + 1. One flat array: thousands of small typed arrays cost more to allocate than the search they save.
   */
  readonly trans: Int32Array;
  /** Columns of `trans`: state ids below it are memoised. */
  readonly dense: number;
  #deathPoints: Int32Array | null = null;
  #readOnlyOps: Uint8Array | null = null;

  /** `sameStepsAs`: a table over the same calls and outputs (ops at other positions) whose states and transitions to share. */
  constructor(
    readonly model: AnyModel,
    readonly ops: readonly LinOp[],
    sameStepsAs?: StateTable,
  ) {
    this.space = sameStepsAs?.space ?? model.space?.(ops) ?? new InternedSpace(model, ops);
    this.dense = sameStepsAs?.dense ?? denseColumns(ops.length);
    this.trans = sameStepsAs?.trans ?? new Int32Array(ops.length * this.dense);
  }

  /**
   * Per indeterminate op, the last op (partition op id) that could observe its effect, -1 when none can
   * (Model.lastObservers); without the hook, ops.length: it stays open to the end.
   */
  get deathPoints(): Int32Array {
    this.#deathPoints ??= this.model.lastObservers?.(this.ops) ?? new Int32Array(this.ops.length).fill(this.ops.length);
    return this.#deathPoints;
  }

  /** 1 for determinate ops that never change the state (Model.readOnly with the output). */
  get readOnlyOps(): Uint8Array {
    if (this.#readOnlyOps === null) {
      const ro = new Uint8Array(this.ops.length);
      const model = this.model;
      if (model.readOnly !== undefined) this.ops.forEach((op, i) => (ro[i] = !op.indeterminate && model.readOnly!(op.call, op.output) ? 1 : 0));
      this.#readOnlyOps = ro;
    }
    return this.#readOnlyOps;
  }

  get init(): number {
    return this.space.init;
  }

  get size(): number {
    return this.space.size;
  }

  state(s: number): unknown {
    return this.space.state(s);
  }

  /** Next state id after op `i` from state `s`, or -1 when the step is illegal. */
  step(i: number, s: number): number {
    if (s < this.dense) {
      const at = i * this.dense + s;
      const v = this.trans[at]!;
      if (v !== 0) return v > 0 ? v - 1 : -1;
      const next = this.space.step(i, s);
      this.trans[at] = next >= 0 ? next + 1 : -1;
      return next;
    }
    // Past the dense range states are mostly visited once: memoising them costs more than stepping.
    return this.space.step(i, s);
  }
}
