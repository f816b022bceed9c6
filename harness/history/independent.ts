/**
 * Jepsen's independent histories (jepsen.independent): many objects tested at once, each op's value a
 * `[key value]` tuple (a read invoked as `[k nil]`, a cas as `[k [from to]]`). Knossos checks each key on
 * its own; so does faultline with `--independent`: the tuple's value becomes the op's value and its key the
 * op's key, and the model is checked per key (locality: a history is linearizable iff each object's is).
 */
import type { AnyModel } from '../check/linearizability/model.js';
import { HistoryShapeError } from '../check/linearizability/ops.js';
import { partitionByKey } from '../check/models/partition.js';
import { show } from '../check/models/values.js';
import type { History } from './types.js';

const isTuple = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;
/** `[key value]` with a key a string, number or boolean (EDN keywords read as strings). */
const isKeyed = (v: unknown): v is [unknown, unknown] => isTuple(v) && ['string', 'number', 'boolean'].includes(typeof v[0]);
const keyText = (k: unknown): string => (typeof k === 'string' ? k : show(k));

/** The history with each `[key value]` unwrapped into `key` and `value`; a value of another shape is an error naming its op. */
export function unwrapIndependent(history: History): History {
  return history.map((op) => {
    if (!isKeyed(op.value)) {
      throw new HistoryShapeError(op.index, `--independent: the value ${show(op.value)} of this ${op.type} ${op.f} is not a [key value] tuple`);
    }
    return { ...op, key: keyText(op.value[0]), value: op.value[1] };
  });
}

/**
 * Whether the history looks independent: every value a `[scalar x]` tuple, and some op that no single
 * register writes that way (a read invoked as `[k nil]`, or a cas of `[k [from to]]`).
 */
export function looksIndependent(history: History): boolean {
  if (history.length === 0) return false;
  let telling = false;
  for (const op of history) {
    if (!isKeyed(op.value)) return false;
    if (op.type === 'invoke' && op.f === 'read' && op.value[1] === null) telling = true;
    if (op.f === 'cas' && isTuple(op.value[1])) telling = true;
  }
  return telling;
}

/** The model checked per key: each key's ops apart, then the model's own split within a key. */
export function perKey(model: AnyModel): AnyModel {
  return {
    ...model,
    partition: (history: History): History[] => partitionByKey(history).flatMap((group) => model.partition?.(group) ?? [group]),
  };
}
