import type { AnyModel } from './model.js';
import type { LinOp } from './ops.js';

/**
 * Interns model states to small integers and memoises transitions per (operation, state id), so the search
 * never calls the model twice for the same step and cache keys carry an int instead of a state.
 */
export class StateTable {
  readonly states: unknown[] = [];
  readonly #byHash = new Map<number, number | number[]>();
  /** trans[op][state]: 0 = not computed yet, -1 = illegal, otherwise next state id + 1. */
  readonly #trans: Int32Array[];

  constructor(
    readonly model: AnyModel,
    readonly ops: readonly LinOp[],
  ) {
    this.#trans = ops.map(() => new Int32Array(8));
  }

  intern(state: unknown): number {
    const h = this.model.hash(state) >>> 0;
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
    let t = this.#trans[i]!;
    if (s < t.length) {
      const v = t[s]!;
      if (v !== 0) return v > 0 ? v - 1 : -1;
    } else {
      let len = t.length;
      while (len <= s) len *= 2;
      const bigger = new Int32Array(len);
      bigger.set(t);
      this.#trans[i] = t = bigger;
    }
    const op = this.ops[i]!;
    const r = this.model.step(this.states[s], op.call, op.output);
    const next = r.ok ? this.intern(r.state) : -1;
    t[s] = next >= 0 ? next + 1 : -1;
    return next;
  }

  /** Direct access for the hot loop. */
  table(i: number): Int32Array {
    return this.#trans[i]!;
  }
}
