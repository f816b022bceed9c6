import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { invalidFor, needs } from './ops-check.js';
import { show, valueEq } from './values.js';

const tag = (out: { type: string }) => (out.type === 'unknown' ? ' (indeterminate)' : '');
const key = (v: unknown) => JSON.stringify(v ?? null);

/** A set of values: `add(v)`, `read() -> [...]` (any order). State: sorted canonical JSON strings. */
export function makeSetModel(initial: readonly unknown[] = []): Model<readonly string[]> {
  const start = [...new Set(initial.map(key))].sort();
  return {
    name: 'set',
    init: () => start,
    step(state, call, out) {
      if (call.f === 'add') return state.includes(key(call.value)) ? ok(state) : ok([...state, key(call.value)].sort());
      if (call.f === 'read') {
        if (out.type !== 'ok') return ok(state);
        const got = [...new Set((out.value as unknown[]).map(key))].sort();
        return got.length === state.length && got.every((g, i) => g === state[i]) ? ok(state) : illegal;
      }
      return illegal;
    },
    hash: hashJson,
    equal: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    readOnly: (call) => call.f === 'read',
    invalid: invalidFor({ add: null, read: (op) => (op.type === 'invoke' || Array.isArray(op.value) ? null : needs(op, 'a list of the elements')) }),
    describe: (call, out) => (call.f === 'read' ? `read() -> ${out.type === 'ok' ? show(out.value) : '?'}` : `add(${show(call.value)})${tag(out)}`),
    describeState: (s) => `#{${s.join(' ')}}`,
  };
}

export const setModel = makeSetModel();

/** FIFO queue: `enqueue(v)`, `dequeue() -> v` (nil when empty). */
export function makeQueueModel(initial: readonly unknown[] = []): Model<readonly unknown[]> {
  return {
    name: 'queue',
    init: () => initial,
    step(state, call, out) {
      if (call.f === 'enqueue') return ok([...state, call.value]);
      if (call.f === 'dequeue') {
        if (out.type !== 'ok') return ok(state.slice(1));
        if (state.length === 0) return out.value === null || out.value === undefined ? ok(state) : illegal;
        return valueEq(state[0], out.value) ? ok(state.slice(1)) : illegal;
      }
      return illegal;
    },
    hash: hashJson,
    equal: (a, b) => a.length === b.length && a.every((x, i) => valueEq(x, b[i])),
    invalid: invalidFor({ enqueue: null, dequeue: null }),
    describe: (call, out) => (call.f === 'dequeue' ? `dequeue() -> ${out.type === 'ok' ? show(out.value) : '?'}` : `enqueue(${show(call.value)})${tag(out)}`),
    describeState: (s) => show(s),
  };
}

export const queueModel = makeQueueModel();

const isOffset = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Append-only log with offsets: `append(v) -> offset`, `read(offset) -> v` (nil past the end). */
export function makeLogModel(initial: readonly unknown[] = []): Model<readonly unknown[]> {
  return {
    name: 'log',
    init: () => initial,
    step(state, call, out) {
      if (call.f === 'append') {
        if (out.type === 'ok' && out.value !== null && out.value !== undefined && out.value !== state.length) return illegal;
        return ok([...state, call.value]);
      }
      if (call.f === 'read') {
        if (out.type !== 'ok') return ok(state);
        const at = Number(call.value);
        return valueEq(state[at] ?? null, out.value ?? null) ? ok(state) : illegal;
      }
      return illegal;
    },
    hash: hashJson,
    equal: (a, b) => a.length === b.length && a.every((x, i) => valueEq(x, b[i])),
    readOnly: (call) => call.f === 'read',
    invalid: invalidFor({
      append: (op) => (op.type === 'invoke' || op.value === null || isOffset(op.value) ? null : needs(op, 'the offset it was appended at (or nil)')),
      read: (op) => (op.type === 'ok' || isOffset(op.value) ? null : needs(op, 'an offset')),
    }),
    describe: (call, out) =>
      call.f === 'read'
        ? `read(${show(call.value)}) -> ${out.type === 'ok' ? show(out.value) : '?'}`
        : `append(${show(call.value)})${out.type === 'ok' ? ` -> offset ${show(out.value)}` : tag(out)}`,
    describeState: (s) => show(s),
  };
}

export const logModel = makeLogModel();

/** Mutex: `acquire` succeeds only when free, `release` only by the holder (process number). */
export const mutexModel: Model<number | null> = {
  name: 'mutex',
  init: () => null,
  step(state, call, out) {
    if (call.f === 'acquire') {
      if (out.type === 'unknown') return state === null ? ok(call.process) : ok(state);
      return state === null ? ok(call.process) : illegal;
    }
    if (call.f === 'release') {
      if (out.type === 'unknown') return state === call.process ? ok(null) : ok(state);
      return state === call.process ? ok(null) : illegal;
    }
    return illegal;
  },
  hash: (s) => (s === null ? 0x5bd1e995 : hashJson(s)),
  equal: (a, b) => a === b,
  invalid: invalidFor({ acquire: null, release: null }),
  describe: (call, out) => `${call.f}()${tag(out)}`,
  describeState: (s) => (s === null ? 'free' : `held by process ${s}`),
};
