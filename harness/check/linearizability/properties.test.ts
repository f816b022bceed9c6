import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { casRegisterModel } from '../models/cas-register.js';
import { checkLinearizability } from './check.js';
import { bruteForceLinearizable } from './brute-force.test-util.js';

type Cmd = { f: 'read' | 'write' | 'cas'; v: number; w: number };
const cmd = fc.record({ f: fc.constantFrom<Cmd['f']>('read', 'write', 'cas'), v: fc.integer({ min: 0, max: 2 }), w: fc.integer({ min: 0, max: 2 }) });

/** Runs a real register under a random interleaving: each op takes effect at one instant between invoke and return. */
function runReal(procs: Cmd[][], schedule: number[], infoMask: number): History {
  const ops: History = [];
  let reg: number | null = null;
  const pc = procs.map(() => 0);
  const phase = procs.map(() => 0); // 0 = idle, 1 = invoked, 2 = applied
  const applied: { f: string; out: unknown; type: Op['type'] }[] = procs.map(() => ({ f: '', out: null, type: 'ok' }));
  const emit = (process: number, type: Op['type'], f: string, value: unknown) => ops.push({ index: ops.length, process, type, f, value, time: ops.length });
  for (const s of schedule) {
    const p = s % procs.length;
    const c = procs[p]![pc[p]!];
    if (c === undefined) continue;
    const input = c.f === 'read' ? null : c.f === 'write' ? c.v : [c.v, c.w];
    if (phase[p] === 0) {
      emit(p, 'invoke', c.f, input);
      phase[p] = 1;
    } else if (phase[p] === 1) {
      let out: unknown = input;
      let type: Op['type'] = 'ok';
      if (c.f === 'read') out = reg;
      else if (c.f === 'write') reg = c.v;
      else if (reg === c.v) reg = c.w;
      else type = 'fail';
      applied[p] = { f: c.f, out, type };
      phase[p] = 2;
    } else {
      const a = applied[p]!;
      const info = ((infoMask >> (ops.length % 30)) & 1) === 1 && c.f !== 'read';
      emit(p, info ? 'info' : a.type, c.f, info ? 'timed-out' : a.out);
      phase[p] = 0;
      pc[p]!++;
      if (info) pc[p] = Infinity; // after info the process never acts again
    }
  }
  return ops;
}

test('histories of a real register under random interleavings (with info ops) are linearizable', () => {
  fc.assert(
    fc.property(fc.array(fc.array(cmd, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 80 }), fc.integer(), (procs, schedule, mask) => {
      const h = runReal(procs, schedule, mask);
      assert.is(checkLinearizability(h, casRegisterModel).valid, true);
    }),
    { numRuns: 300 },
  );
});

const smallHistory = fc
  .array(fc.record({ p: fc.integer({ min: 0, max: 3 }), c: cmd, out: fc.integer({ min: -1, max: 2 }), end: fc.constantFrom<Op['type']>('ok', 'ok', 'ok', 'fail', 'info') }), { maxLength: 8 })
  .chain((specs) => fc.shuffledSubarray(specs.flatMap((_, i) => [2 * i, 2 * i + 1]), { minLength: specs.length * 2, maxLength: specs.length * 2 }).map((order) => ({ specs, order })))
  .map(({ specs, order }) => {
    // Events of op i: 2i invoke, 2i+1 completion; keep per-op order and one open op per process.
    const seq = order.filter((e) => e % 2 === 0).flatMap((e) => [e, e + 1]);
    const ops: History = [];
    const pids = specs.map((_, i) => i); // one process per op keeps "one open op per process"
    for (const e of seq.sort((a, b) => order.indexOf(a) - order.indexOf(b) || a - b)) {
      const i = e >> 1;
      const s = specs[i]!;
      const input = s.c.f === 'read' ? null : s.c.f === 'write' ? s.c.v : [s.c.v, s.c.w];
      if (e % 2 === 0) ops.push({ index: ops.length, process: pids[i]!, type: 'invoke', f: s.c.f, value: input, time: ops.length });
      else ops.push({ index: ops.length, process: pids[i]!, type: s.c.f === 'read' && s.end === 'fail' ? 'ok' : s.end, f: s.c.f, value: s.c.f === 'read' ? (s.out < 0 ? null : s.out) : input, time: ops.length });
    }
    // A completion must follow its invoke.
    const seen = new Set<number>();
    const fixed: History = [];
    const pending: Op[] = [];
    for (const op of ops) {
      if (op.type === 'invoke') seen.add(op.process), fixed.push(op);
      else if (seen.has(op.process)) fixed.push(op);
      else pending.push(op);
    }
    return [...fixed, ...pending].map((op, index) => ({ ...op, index, time: index }));
  });

test('agrees with a brute-force permutation checker on small histories (both verdicts occur)', () => {
  const seen = { true: 0, false: 0 };
  fc.assert(
    fc.property(smallHistory, (hist) => {
      const want = bruteForceLinearizable(hist, casRegisterModel);
      const got = checkLinearizability(hist, casRegisterModel, { windows: true, minWindowOps: 2 }).valid;
      seen[String(want) as 'true' | 'false']++;
      assert.is(got, want);
      assert.is(checkLinearizability(hist, casRegisterModel).valid, want, 'the streaming search');
    }),
    { numRuns: 600, seed: 15 },
  );
  assert.ok(seen.true > 50 && seen.false > 50, JSON.stringify(seen));
});

test.run();
