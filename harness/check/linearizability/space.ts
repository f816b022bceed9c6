/**
 * An integer view of a model for the search's hot loop: states are small ids and a step maps
 * (partition op id, state id) to a state id. Ids must be canonical (equal states, equal ids) for the memo
 * to prune well; correctness only needs `step` to agree with the model.
 */
export interface StateSpace {
  /** Id of the initial state. */
  readonly init: number;
  /** Id after op `i` from state `s`, or -1 when the step is illegal. */
  step(i: number, s: number): number;
  /** The model-level state behind an id (for stories and explanations). */
  state(s: number): unknown;
  /** Number of distinct states created so far. */
  readonly size: number;
  /**
   * Optional, for spaces where most ops only extend the state (kv's append extends a string): false when op
   * `i` is legal in no state that ops extending state `s` can reach (a get of a value that does not start
   * with s's value). The streaming search then drops a configuration in state `s` where `i` is still to be
   * linearized and no op that `resets` can come before it. A necessary condition: true is always allowed.
   */
  reaches?(s: number, i: number): boolean;
  /** With `reaches`: op `i` may set a state that does not extend the one before it (kv's put). */
  resets?(i: number): boolean;
}

/** Grows a typed array to at least `min` elements (doubling), keeping its contents. */
export function grow<T extends Int32Array | Uint32Array>(a: T, min: number): T {
  let n = Math.max(16, a.length);
  while (n < min) n *= 2;
  if (n === a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}
