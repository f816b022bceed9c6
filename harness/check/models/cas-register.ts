import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { casLastObservers } from './cas-observers.js';
import { CasSpace, UNREAD } from './cas-space.js';
import { invalidFor, isPair, needs } from './ops-check.js';
import { partitionByKey } from './partition.js';
import { callEffect, pair, readSees, show, valueEq } from './values.js';

export interface CasRegisterOptions {
  /** The value every register (one per key) starts with; default nil (Knossos: `(cas-register 0)` starts at 0). */
  initial?: unknown;
  /**
   * A failed cas is an observation, the current value was not `from` (Porcupine's etcd logs and faultline's
   * own clients; the default). Off, failed ops are dropped before the search, as Knossos does.
   */
  failIsObservation?: boolean;
  /** Knossos's rule: a completed read of nil is consistent with any value (JEPSEN_RULES). */
  nilReadIsUnknown?: boolean;
}

/**
 * Register with read, write and compare-and-set, one per key (partitioned). A read with an unknown or failed
 * (timed-out) output accepts any state; indeterminate ops may take effect or not.
 */
export function makeCasRegisterModel(options: CasRegisterOptions = {}): Model<unknown> {
  const initial = options.initial ?? null;
  const nilReadIsUnknown = options.nilReadIsUnknown === true;
  return {
    name: 'cas-register',
    failIsObservation: options.failIsObservation !== false,
    init: () => initial,
    step(state, call, out) {
      switch (call.f) {
        case 'read':
          return out.type !== 'ok' || readSees(state, out.value, nilReadIsUnknown) ? ok(state) : illegal;
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
    // A failed cas (when it is an observation) leaves the value as it was, like a read.
    readOnly: (call, out) => call.f === 'read' || (call.f === 'cas' && out?.type === 'fail'),
    lastObservers: (ops) => casLastObservers(ops, nilReadIsUnknown),
    effectKey: callEffect,
    // The search runs on interned value ids (cas-space.ts); `step` above stays the reference semantics.
    space: (ops) => new CasSpace(ops, initial, nilReadIsUnknown),
    // The step reads a cas's pair from its invoke; the completion's value is free (faultline's clients record what they saw).
    invalid: invalidFor({ read: null, write: null, cas: (op) => (op.type !== 'invoke' || isPair(op.value) ? null : needs(op, 'a [from to] pair')) }),
    describe(call, out) {
      const res = out.type === 'ok' ? '' : out.type === 'fail' ? ' failed' : ' (indeterminate)';
      if (call.f === 'read') return `read() -> ${out.type === 'ok' ? show(out.value) : '?'}`;
      if (call.f === 'write') return `write(${show(call.value)})${res}`;
      const [from, to] = pair(call.value);
      return `cas(${show(from)} -> ${show(to)})${res}`;
    },
    describeState: (s) => (s === UNREAD ? '(a value no operation reads)' : show(s)),
  };
}

/** Porcupine's etcd semantics: starts at nil, a failed cas is an observation. */
export const casRegisterModel = makeCasRegisterModel();
