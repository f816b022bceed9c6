import type { History, Op } from '../../history/types.js';
import type { LinOp } from './ops.js';
import type { StateSpace } from './space.js';

/** What a client asked for: the operation name, its argument (the invoke's value) and, if any, its key. */
export interface Call<In = unknown> {
  f: string;
  value: In;
  process: number;
  key?: string;
}

/**
 * What came back. `unknown` is an indeterminate completion (`info`, or no completion at all): the model must
 * accept any state for it. `fail` only reaches a model whose `failIsObservation` is set; otherwise failed
 * operations are dropped before the search (Jepsen/Knossos meaning: it certainly did not happen).
 */
export interface Output<Out = unknown> {
  type: 'ok' | 'fail' | 'unknown';
  value: Out;
}

export type StepResult<S> = { ok: true; state: S } | { ok: false };

/** A sequential specification: a record of pure functions (Porcupine's shape, with types). */
export interface Model<S, In = unknown, Out = unknown> {
  readonly name: string;
  init(): S;
  step(state: S, call: Call<In>, output: Output<Out>): StepResult<S>;
  /** Hash consistent with `equal`; states are interned by it. */
  hash(state: S): number;
  equal(a: S, b: S): boolean;
  /** P-compositionality: split the history into independent sub-histories (for example by key). */
  partition?(history: History): History[];
  /**
   * The parts of the state an op reads or writes (for a map, its key), for a model that is one object
   * (no `partition`): ops with disjoint footprints commute, so the checker searches each connected component
   * on its own (locality) and still reports the whole object. Undefined: the op touches everything.
   */
  footprint?(call: Call<In>): readonly string[] | undefined;
  /** `fail` is an observation the model judges (etcd's failed compare), not "never happened". */
  readonly failIsObservation?: boolean;
  /**
   * Why the model cannot read an op (an `f` it does not know, a malformed value), or null. Checked for every
   * op before the search, so input a model does not understand is an error, never a verdict. Completions
   * other than `ok` may carry markers (`timed-out`) instead of values, so only their `f` needs checking.
   */
  invalid?(op: Op): string | null;
  /**
   * Ops that never change the state, whatever it is: with an unknown output they are dropped from the
   * search; with a known `output` (an ok read, an observed failed cas) the search linearizes them as soon as
   * they are legal. Must hold for every state the op is legal in.
   */
  readOnly?(call: Call<In>, output?: Output<Out>): boolean;
  /**
   * Per op (index in `ops`), for indeterminate ones: the last op (index in `ops`) that could observe the
   * effect the op has when it takes effect, or -1 when no op can. Once every determinate op up to that one
   * is linearized, the op taking effect later can no longer make any op legal, so the search drops it (as
   * if it never happened). Observers that are indeterminate themselves count with their own last observer.
   * Without the hook indeterminate ops stay free to take effect until the end.
   */
  lastObservers?(ops: readonly LinOp[]): Int32Array;
  /**
   * What an op does apart from who does it: ops whose calls have the same key step alike from every state
   * (the model reads no `process`, say). Indeterminate ops with the same key are then interchangeable once
   * invoked, and the search takes the earliest of them first (symmetry). Without the hook, none are.
   */
  effectKey?(call: Call<In>): string;
  /**
   * Optional fast path: an integer state space for one partition's ops that agrees with `step` (states as
   * ids, transitions without allocating model states). Without it states are interned by `hash`/`equal`.
   */
  space?(ops: readonly LinOp[]): StateSpace;
  describe(call: Call<In>, output: Output<Out>): string;
  describeState?(state: S): string;
}

export type AnyModel = Model<any, any, any>;

export const ok = <S>(state: S): StepResult<S> => ({ ok: true, state });
export const illegal: StepResult<never> = { ok: false };
