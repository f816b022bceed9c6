import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { partitionByKey } from './partition.js';
import { pair, show, valueEq } from './values.js';

/**
 * Register with read, write and compare-and-set, with Porcupine's etcd semantics: the state starts at nil;
 * a `fail` on cas is an observation (the current value was not `from`); a read with an unknown or failed
 * (timed-out) output accepts any state; indeterminate ops may take effect or not.
 */
export const casRegisterModel: Model<unknown> = {
  name: 'cas-register',
  failIsObservation: true,
  init: () => null,
  step(state, call, out) {
    switch (call.f) {
      case 'read':
        return out.type !== 'ok' || valueEq(out.value, state) ? ok(state) : illegal;
      case 'write':
        return out.type === 'fail' ? ok(state) : ok(call.value);
      case 'cas': {
        const [from, to] = pair(call.value);
        const match = valueEq(state, from);
        if (out.type === 'unknown') return ok(match ? to : state);
        if (out.type === 'ok') return match ? ok(to) : illegal;
        return match ? illegal : ok(state);
      }
      default:
        return illegal;
    }
  },
  hash: (s) => hashJson(s ?? null),
  equal: (a, b) => valueEq(a, b),
  partition: partitionByKey,
  readOnly: (call) => call.f === 'read',
  describe(call, out) {
    const res = out.type === 'ok' ? '' : out.type === 'fail' ? ' failed' : ' (indeterminate)';
    if (call.f === 'read') return `read() -> ${out.type === 'ok' ? show(out.value) : '?'}`;
    if (call.f === 'write') return `write(${show(call.value)})${res}`;
    if (call.f === 'cas') {
      const [from, to] = pair(call.value);
      return `cas(${show(from)} -> ${show(to)})${res}`;
    }
    return `${call.f}(${show(call.value)})`;
  },
  describeState: show,
};
