import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { invalidFor } from './ops-check.js';
import { partitionByKey } from './partition.js';
import { callEffect, readSees, show, valueEq } from './values.js';

export interface RegisterOptions {
  /** The value every register (one per key) starts with; default nil. */
  initial?: unknown;
  /** Knossos's rule: a completed read of nil is consistent with any value (JEPSEN_RULES). */
  nilReadIsUnknown?: boolean;
}

/** A read/write register, one per key (partitioned). `fail` means the op did not happen. */
export function makeRegisterModel(options: RegisterOptions = {}): Model<unknown> {
  const initial = options.initial ?? null;
  const nilReadIsUnknown = options.nilReadIsUnknown === true;
  return {
    name: 'register',
    init: () => initial,
    step(state, call, out) {
      switch (call.f) {
        case 'write':
          return ok(call.value);
        case 'read':
          return out.type !== 'ok' || readSees(state, out.value, nilReadIsUnknown) ? ok(state) : illegal;
        default:
          return illegal;
      }
    },
    hash: (s) => hashJson(s ?? null),
    equal: (a, b) => valueEq(a, b),
    partition: partitionByKey,
    readOnly: (call) => call.f === 'read',
    effectKey: callEffect,
    invalid: invalidFor({ read: null, write: null }),
    describe(call, out) {
      if (call.f === 'write') return `write(${show(call.value)})${out.type === 'unknown' ? ' ?' : ''}`;
      return `read() -> ${out.type === 'ok' ? show(out.value) : '?'}`;
    },
    describeState: show,
  };
}

export const registerModel = makeRegisterModel();
