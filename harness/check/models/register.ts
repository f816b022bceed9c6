import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { partitionByKey } from './partition.js';
import { show, valueEq } from './values.js';

/** A read/write register starting at nil (null). `fail` means the op did not happen. Partitioned by key. */
export const registerModel: Model<unknown> = {
  name: 'register',
  init: () => null,
  step(state, call, out) {
    switch (call.f) {
      case 'write':
        return ok(call.value);
      case 'read':
        return out.type !== 'ok' || valueEq(out.value, state) ? ok(state) : illegal;
      default:
        return illegal;
    }
  },
  hash: (s) => hashJson(s ?? null),
  equal: (a, b) => valueEq(a, b),
  partition: partitionByKey,
  readOnly: (call) => call.f === 'read',
  describe(call, out) {
    if (call.f === 'write') return `write(${show(call.value)})${out.type === 'unknown' ? ' ?' : ''}`;
    return `read() -> ${out.type === 'ok' ? show(out.value) : '?'}`;
  },
  describeState: show,
};
