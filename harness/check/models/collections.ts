import { hashJson } from '../linearizability/hash.js';
import { illegal, ok, type Model } from '../linearizability/model.js';
import { show, valueEq } from './values.js';

const tag = (out: { type: string }) => (out.type === 'unknown' ? ' (indeterminate)' : '');
const key = (v: unknown) => JSON.stringify(v ?? null);

/** A set of values: `add(v)`, `read() -> [...]` (any order). State: sorted canonical JSON strings. */
export const setModel: Model<readonly string[]> = {
  name: 'set',
  init: () => [],
  step(state, call, out) {
    if (call.f === 'add') return state.includes(key(call.value)) ? ok(state) : ok([...state, key(call.value)].sort());
    if (call.f === 'read') {
      if (out.type !== 'ok') return ok(state);
      const got = Array.isArray(out.value) ? [...new Set(out.value.map(key))].sort() : null;
      return got !== null && got.length === state.length && got.every((g, i) => g === state[i]) ? ok(state) : illegal;
    }
    return illegal;
  },
  hash: hashJson,
  equal: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
  readOnly: (call) => call.f === 'read',
  describe: (call, out) => (call.f === 'read' ? `read() -> ${out.type === 'ok' ? show(out.value) : '?'}` : `add(${show(call.value)})${tag(out)}`),
  describeState: (s) => `#{${s.join(' ')}}`,
};

/** FIFO queue: `enqueue(v)`, `dequeue() -> v` (nil when empty). */
export const queueModel: Model<readonly unknown[]> = {
  name: 'queue',
  init: () => [],
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
  describe: (call, out) => (call.f === 'dequeue' ? `dequeue() -> ${out.type === 'ok' ? show(out.value) : '?'}` : `enqueue(${show(call.value)})${tag(out)}`),
  describeState: (s) => show(s),
};

/** Append-only log with offsets: `append(v) -> offset`, `read(offset) -> v` (nil past the end). */
export const logModel: Model<readonly unknown[]> = {
  name: 'log',
  init: () => [],
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
  describe: (call, out) =>
    call.f === 'read'
      ? `read(${show(call.value)}) -> ${out.type === 'ok' ? show(out.value) : '?'}`
      : `append(${show(call.value)})${out.type === 'ok' ? ` -> offset ${show(out.value)}` : tag(out)}`,
  describeState: (s) => show(s),
};

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
  describe: (call, out) => `${call.f}()${tag(out)}`,
  describeState: (s) => (s === null ? 'free' : `held by process ${s}`),
};
