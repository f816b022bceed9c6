/** Jepsen-style operation history: every client operation is an `invoke` followed by one completion. */

/**
 * - `invoke`: the client started the operation.
 * - `ok`: it completed and took effect.
 * - `fail`: it completed and certainly did not take effect (or, for a cas, the compare did not match).
 * - `info`: indeterminate (timeout, crash): it may have taken effect at any point after its invoke, or never.
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface Op<V = unknown> {
  /** Position in the history, 0-based and dense. */
  index: number;
  /** The client process that issued the operation; a process has at most one operation open. */
  process: number;
  type: OpType;
  /** Operation name, such as `read`, `write`, `cas`, `acquire`. */
  f: string;
  /** Argument on `invoke`, result on `ok`; whatever the model defines. */
  value: V;
  /** True (simulated) time in integer microseconds since the run began; for imported histories, the order index. */
  time: number;
  /** Optional partition key (a znode path, a Redis key, a register name). */
  key?: string;
}

export type History<V = unknown> = Op<V>[];
