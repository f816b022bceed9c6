import type { AnyModel } from './model.js';
import type { LinOp } from './ops.js';

/** State ids below this use a dense per-op transition table; the rest a shared sparse one. */
export const DENSE = 64;

/**
 * Interns model states to small integers and memoises transitions per (operation, state id), so the search
 * never calls the model twice for the same step and cache keys carry an int instead of a state.
 */
export class StateTable {
  readonly states: unknown[] = [];
  readonly #byHash = new Map<number, number | number[]>();
  /** trans[op][state] for state ids below DENSE: 0 = not computed yet, -1 = illegal, otherwise next id + 1. */
  readonly #trans: Int32Array[];

  constructor(
    readonly model: AnyModel,
    readonly ops: readonly LinOp[],
  ) {
    this.#trans = ops.map(() => new Int32Array(DENSE));
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

  /** Next state id after op `i` from state `s`, or -1 when the step is illegal. */
  step(i: number, s: number): number {
    if (s < DENSE) {
      const t = this.#trans[i]!;
      const v = t[s]!;
      if (v !== 0) return v > 0 ? v - 1 : -1;
      const next = this.#compute(i, s);
      t[s] = next >= 0 ? next + 1 : -1;
      return next;
    }
    // Past the dense range states are mostly visited once: memoising them costs more than stepping.
    return this.#compute(i, s);
  }

  #compute(i: number, s: number): number {
    const op = this.ops[i]!;
    const r = this.model.step(this.states[s], op.call, op.output);
    return r.ok ? this.intern(r.state) : -1;
  }

  /** Direct access for the hot loop. */
  table(i: number): Int32Array {
    return this.#trans[i]!;
  }
}
