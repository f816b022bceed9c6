/** Locality over footprints: components, verdicts for the whole object, agreement with the search of the whole. */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { kvMapModel } from '../models/kv.js';
import { checkLinearizability } from './check.js';
import { components } from './locality.js';
import { illegal, ok, type Model } from './model.js';
import { toLinOps } from './ops.js';

type Regs = Readonly<Record<string, number>>;

/**
 * Registers (0 until written) as one object: `write` and `read` touch their key; `move` [from, to] copies
 * from's value to `to` and zeroes `from`, touching both.
 */
function registers(footprintOfMove: (from: string, to: string) => string[] | undefined): Model<Regs> {
  return {
    name: 'registers',
    init: () => ({}),
    step(s, call, out) {
      if (call.f === 'write') return ok({ ...s, [call.key!]: call.value as number });
      if (call.f === 'read') return out.type !== 'ok' || out.value === (s[call.key!] ?? 0) ? ok(s) : illegal;
      const [from, to] = call.value as [string, string];
      return ok({ ...s, [to]: s[from] ?? 0, [from]: 0 });
    },
    hash: (s) => JSON.stringify(Object.entries(s).filter(([, v]) => v !== 0).sort()).length,
    equal: (a, b) => JSON.stringify(Object.entries(a).filter(([, v]) => v !== 0).sort()) === JSON.stringify(Object.entries(b).filter(([, v]) => v !== 0).sort()),
    footprint: (call) => (call.f === 'move' ? footprintOfMove(...(call.value as [string, string])) : [call.key!]),
    describe: (call, out) => `${call.f} ${call.key ?? JSON.stringify(call.value)} ${JSON.stringify(out.value)}`,
  };
}

/** Ops one after another (no overlap), each [process, f, key, invoke value, completion value]. */
function sequential(steps: [number, string, string | undefined, unknown, unknown][]): History {
  const h: History = [];
  for (const [process, f, key, value, result] of steps) {
    const at = h.length;
    h.push({ index: at, process, type: 'invoke', f, value, time: at, ...(key !== undefined ? { key } : {}) });
    h.push({ index: at + 1, process, type: 'ok', f, value: result, time: at + 1, ...(key !== undefined ? { key } : {}) });
  }
  return h;
}

const moved = sequential([
  [0, 'write', 'a', 1, 1],
  [1, 'write', 'c', 5, 5],
  [0, 'move', undefined, ['a', 'b'], ['a', 'b']],
  [1, 'read', 'b', null, 1],
  [2, 'read', 'c', null, 5],
]);

test('an op touching two keys joins their components; the others stay apart', () => {
  const split = components(moved, registers((from, to) => [from, to]));
  assert.equal(split.map((c) => c.label), ['keys "a", "b"', 'key "c"']);
  assert.equal(split.map((c) => c.history.length), [6, 4]);
});

test('the join decides the verdict: the move explains the read of b (without it in b\'s component, b is read as 1 from 0)', () => {
  assert.is(checkLinearizability(moved, registers((from, to) => [from, to])).valid, true);
  // A footprint that forgets `to` splits b from the move: the read of b alone is then illegal.
  assert.is(checkLinearizability(moved, registers((from) => [from])).valid, false);
});

test('an op without a footprint touches everything: one component', () => {
  const split = components(moved, registers(() => undefined));
  assert.equal(split.map((c) => c.label), ['all']);
  assert.is(checkLinearizability(moved, registers(() => undefined)).valid, true);
});

/** Ops on many keys, sequential: put then get per key; on `bad`, a stale get after an append. */
function manyKeys(keys: number, bad: number | null): History {
  const steps: [number, string, string, unknown, unknown][] = [];
  for (let k = 0; k < keys; k++) {
    steps.push([k % 3, 'put', `k${k}`, `v${k}`, null]);
    steps.push([(k + 1) % 3, 'append', `k${k}`, '+', null]);
    steps.push([(k + 2) % 3, 'get', `k${k}`, null, k === bad ? `v${k}` : `v${k}+`]);
  }
  return sequential(steps);
}

test('kv-map: a violation on one key among many is found and told for that key, with the state as the map', () => {
  const r = checkLinearizability(manyKeys(30, 17), kvMapModel);
  assert.is(r.valid, false);
  assert.is(r.stats.partitions, 30);
  const a = r.anomalies[0]!;
  assert.is(a.partition, 'key "k17"');
  assert.equal(a.startStates, ['{}']);
  assert.equal(a.partial!.steps.map((s) => s.state), ['{"k17":"v17"}', '{"k17":"v17+"}']);
  // The put, the append that returned, then the get that missed it.
  assert.equal(a.minimalOps, [102, 104, 106]);
  assert.match(a.story, /Not linearizable on key "k17": these 3 operations .* kv-map specification/);
});

test('kv-map: linearizable as one map, with one linearization of the whole history (legal, in real-time order)', () => {
  const h = manyKeys(30, null);
  const r = checkLinearizability(h, kvMapModel);
  assert.is(r.valid, true);
  assert.match(r.explanation, /as one kv-map \(30 components/);
  assert.equal(Object.keys(r.linearization!), ['all']);
  assertWitness(h, r.linearization!['all']!);
});

/** The order replays legally on the whole map and puts no op before one that returned before it was invoked. */
function assertWitness(h: History, order: readonly number[]): void {
  const ops = new Map(toLinOps(h, kvMapModel).map((o) => [o.index, o]));
  let state = kvMapModel.init();
  order.forEach((index, at) => {
    const op = ops.get(index)!;
    const r = kvMapModel.step(state, op.call, op.output);
    assert.ok(r.ok, `op ${index} is legal where the witness puts it`);
    if (r.ok) state = r.state;
    for (const later of order.slice(at + 1)) assert.ok(!(ops.get(later)!.retPos < op.callPos), `op ${later} returned before op ${index} was invoked`);
  });
  for (const [index, op] of ops) assert.ok(op.indeterminate || order.includes(index), `op ${index} is in the witness`);
}

/**
 * Random kv histories: processes run put/append/get on 1-3 keys under a random interleaving (each op takes
 * effect at one instant inside its interval); some gets then report an older value of their key, some ops
 * end indeterminate.
 */
const kvHistory = fc
  .record({
    cmds: fc.array(fc.record({ p: fc.nat(2), f: fc.constantFrom('put', 'append', 'get', 'get'), k: fc.nat(2), v: fc.constantFrom('x', 'y') }), { maxLength: 9 }),
    schedule: fc.array(fc.nat(), { maxLength: 40 }),
    stale: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    info: fc.array(fc.nat(6), { minLength: 9, maxLength: 9 }),
  })
  .map(({ cmds, schedule, stale, info }) => {
    const procs = [0, 1, 2].map((p) => cmds.map((c, i) => ({ ...c, i })).filter((c) => c.p === p));
    const values = new Map<string, string[]>();
    const h: History = [];
    const pc = [0, 0, 0];
    const phase = [0, 0, 0];
    const result: unknown[] = [];
    const emit = (op: Omit<Op, 'index' | 'time'>) => h.push({ ...op, index: h.length, time: h.length });
    for (const s of [...schedule, ...Array.from({ length: 30 }, (_, i) => i)]) {
      const p = s % 3;
      const c = procs[p]![pc[p]!];
      if (c === undefined) continue;
      const key = `k${c.k}`;
      const seen = values.get(key) ?? [''];
      if (phase[p] === 0) emit({ process: p, type: 'invoke', f: c.f, value: c.f === 'get' ? null : c.v, key });
      else if (phase[p] === 1) {
        const cur = seen[seen.length - 1]!;
        if (c.f === 'get') result[c.i] = stale[c.i] ? seen[Math.max(0, seen.length - 2)] : cur;
        else values.set(key, [...seen, c.f === 'put' ? c.v : cur + c.v]);
      } else {
        const indeterminate = c.f !== 'get' && info[c.i] === 0;
        emit({ process: p, type: indeterminate ? 'info' : 'ok', f: c.f, value: c.f === 'get' ? result[c.i] : null, key });
        pc[p]!++;
        if (indeterminate) pc[p] = Infinity;
      }
      phase[p] = (phase[p]! + 1) % 3;
    }
    return h;
  });

test('agrees with the search of the whole map on small random histories (both verdicts occur)', () => {
  const whole = { ...kvMapModel };
  delete whole.footprint;
  const seen = { true: 0, false: 0 };
  fc.assert(
    fc.property(kvHistory, (h) => {
      const want = checkLinearizability(h, whole).valid;
      const got = checkLinearizability(h, kvMapModel);
      seen[String(want) as 'true' | 'false']++;
      assert.is(got.valid, want);
      if (got.valid === true) assertWitness(h, got.linearization!['all'] ?? []);
    }),
    { numRuns: 400, seed: 20261207 },
  );
  assert.ok(seen.true > 20 && seen.false > 20, JSON.stringify(seen)); // a fixed seed: the mix is the same every run
});

test.run();
