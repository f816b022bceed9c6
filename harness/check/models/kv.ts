import { hashString, mix32 } from '../linearizability/hash.js';
import { illegal, ok, type Call, type Model, type Output } from '../linearizability/model.js';
import { KvMapSpace, KvSpace } from './kv-space.js';
import { invalidFor, needs } from './ops-check.js';
import { partitionByKey } from './partition.js';
import { polyHash } from './strings.js';
import { callEffect, show } from './values.js';

/** Porcupine's kv semantics for one key: the value starts as "", get reads it, put replaces, append concatenates. */
function kvStep(value: string, call: Call, out: Output): string | undefined {
  switch (call.f) {
    case 'get':
      return out.type !== 'ok' || out.value === value ? value : undefined;
    case 'put':
      return String(call.value ?? '');
    case 'append':
      return value + String(call.value ?? '');
    default:
      return undefined;
  }
}

function describeKv(call: Call, out: Output): string {
  const k = call.key === undefined ? '' : `${JSON.stringify(call.key)}, `;
  if (call.f === 'get') return `get(${k.slice(0, -2)}) -> ${out.type === 'ok' ? show(out.value) : '?'}`;
  return `${call.f}(${k}${show(call.value)})${out.type === 'unknown' ? ' (indeterminate)' : ''}`;
}

/**
 * One key's value with a polynomial hash kept alongside, so append updates the hash in O(|appended|)
 * (h(s + v) = h(s) * B^|v| + h(v)) instead of rehashing a string that can be hundreds of chars long.
 */
export interface KvValue {
  readonly v: string;
  readonly h: number;
}

const chunkMemo = new Map<string, { h: number; p: number }>();
function chunk(v: string): { h: number; p: number } {
  let c = chunkMemo.get(v);
  if (c === undefined) {
    c = polyHash(v);
    if (chunkMemo.size > 100_000) chunkMemo.clear();
    chunkMemo.set(v, c);
  }
  return c;
}

/**
 * Why a kv op's value is not what the model reads: a put or append invoke takes a string (nil is ""); a
 * completed get returns a string, or nil, which no value matches (every key holds a string).
 */
const kvInvalid = invalidFor({
  get: (op) => (op.type === 'invoke' || typeof op.value === 'string' || op.value === null ? null : needs(op, 'the string it read')),
  put: (op) => (op.type !== 'invoke' || typeof op.value === 'string' || op.value === null ? null : needs(op, 'a string')),
  append: (op) => (op.type !== 'invoke' || typeof op.value === 'string' || op.value === null ? null : needs(op, 'a string')),
});

/** Key/value map checked one key at a time (P-compositionality); every key starts at `initial` (default ""). */
export function makeKvModel(initial = ''): Model<KvValue> {
  const start: KvValue = { v: initial, h: chunk(initial).h };
  return {
    name: 'kv',
    init: () => start,
    step(state, call, out) {
      switch (call.f) {
        case 'get':
          return out.type !== 'ok' || out.value === state.v ? ok(state) : illegal;
        case 'put': {
          const v = String(call.value ?? '');
          return ok({ v, h: chunk(v).h });
        }
        case 'append': {
          const c = chunk(String(call.value ?? ''));
          return ok({ v: state.v + String(call.value ?? ''), h: (Math.imul(state.h, c.p) + c.h) | 0 });
        }
        default:
          return illegal;
      }
    },
    hash: (s) => mix32(s.h),
    equal: (a, b) => a.h === b.h && a.v === b.v,
    partition: partitionByKey,
    readOnly: (call) => call.f === 'get',
    effectKey: callEffect,
    invalid: kvInvalid,
    // The search runs on hash-consed string ids (kv-space.ts); `step` above stays the reference semantics.
    space: (ops) => new KvSpace(ops, initial),
    describe: describeKv,
    describeState: (s) => JSON.stringify(s.v),
  };
}

export const kvModel = makeKvModel();

/**
 * The same map as one unpartitioned object (Porcupine's slow comparison model). State: a persistent
 * sorted key -> value record with an additive hash, so a step costs one key update, not a rehash of the map.
 * A key missing from `entries` holds the initial value.
 */
export interface KvMapState {
  readonly entries: ReadonlyMap<string, string>;
  readonly hash: number;
}

/**
 * The same map as one object; every key starts at `initial` (default ""). Each op's footprint is its key,
 * so the checker searches each key on its own (locality) and reports the verdict for the whole map.
 */
export function makeKvMapModel(initial = ''): Model<KvMapState> {
  const entryHash = (k: string, v: string): number => (v === initial ? 0 : mix32(hashString(k) ^ Math.imul(hashString(v), 0x27d4eb2d)));
  const mapState = (entries: Map<string, string>): KvMapState => {
    let hash = 0;
    for (const [k, v] of entries) hash = (hash + entryHash(k, v)) >>> 0;
    return { entries, hash };
  };
  const changed = (m: ReadonlyMap<string, string>) => [...m.values()].filter((v) => v !== initial).length;
  return {
    name: 'kv-map',
    init: () => ({ entries: new Map(), hash: 0 }),
    step(state, call, out) {
      const key = call.key ?? '';
      const cur = state.entries.get(key) ?? initial;
      const next = kvStep(cur, call, out);
      if (next === undefined) return illegal;
      if (next === cur) return ok(state);
      const entries = new Map(state.entries);
      entries.set(key, next);
      return ok({ entries, hash: (state.hash - entryHash(key, cur) + entryHash(key, next)) >>> 0 });
    },
    hash: (s) => s.hash,
    equal(a, b) {
      if (a.hash !== b.hash || changed(a.entries) !== changed(b.entries)) return false;
      for (const [k, v] of a.entries) if ((b.entries.get(k) ?? initial) !== v) return false;
      return true;
    },
    // An op reads or writes its own key only: ops on different keys commute (the checker uses locality).
    footprint: (call) => [call.key ?? ''],
    readOnly: (call) => call.f === 'get',
    effectKey: callEffect,
    invalid: kvInvalid,
    space: (ops) => new KvMapSpace(ops, initial, mapState),
    describe: describeKv,
    describeState: (s) => JSON.stringify(Object.fromEntries([...s.entries].sort())),
  };
}

export const kvMapModel = makeKvMapModel();
