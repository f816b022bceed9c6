import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { generateCasHistory } from '../../bench/cas-histories.js';
import { casRegisterModel, makeCasRegisterModel } from '../models/cas-register.js';
import { checkLinearizability } from './check.js';
import { Budget } from './budget.js';
import { toLinOps } from './ops.js';
import { StateTable } from './states.js';
import { searchStream } from './stream-search.js';
import { bruteForceLinearizable } from './brute-force.test-util.js';

const knossos = makeCasRegisterModel({ failIsObservation: false });
const stream = { streamFromOps: 0, minimize: false } as const;
const bitsets = { streamFromOps: Infinity, minimize: false } as const;

/**
 * Random cas-register histories over values 0..2: processes alternate invoke and completion, completions
 * are ok, fail or info, reads return arbitrary values. Values repeat, so indeterminate writes are read
 * (or not) at any distance, and many histories are not linearizable.
 */
const randomHistory = (maxOps: number) =>
  fc
    .array(
      fc.record({
        p: fc.integer({ min: 0, max: 3 }),
        f: fc.constantFrom('read', 'read', 'write', 'cas'),
        v: fc.integer({ min: 0, max: 2 }),
        w: fc.integer({ min: 0, max: 2 }),
        end: fc.constantFrom<Op['type']>('ok', 'ok', 'ok', 'fail', 'info', 'info'),
        wait: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: maxOps },
    )
    .map((specs) => {
      // Each op completes after `wait` later invokes (or at the end); one open op per process.
      const h: History = [];
      const open = new Map<number, { op: (typeof specs)[number]; left: number }>();
      const emit = (process: number, type: Op['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value, time: h.length });
      const complete = (process: number) => {
        const { op } = open.get(process)!;
        open.delete(process);
        const input = op.f === 'read' ? null : op.f === 'write' ? op.v : [op.v, op.w];
        if (op.f === 'read') emit(process, op.end === 'info' ? 'info' : 'ok', 'read', op.end === 'info' ? null : op.v);
        else emit(process, op.end, op.f, input);
      };
      for (const s of specs) {
        for (const [process, o] of [...open]) if (o.left-- <= 0) complete(process);
        if (open.has(s.p)) complete(s.p);
        emit(s.p, 'invoke', s.f, s.f === 'read' ? null : s.f === 'write' ? s.v : [s.v, s.w]);
        open.set(s.p, { op: s, left: s.wait });
      }
      for (const process of [...open.keys()]) complete(process);
      return h;
    });

test('agrees with brute force on small histories with info ops, both cas semantics (both verdicts occur)', () => {
  const seen = { true: 0, false: 0 };
  for (const model of [casRegisterModel, knossos]) {
    fc.assert(
      fc.property(randomHistory(9), (h) => {
        const want = bruteForceLinearizable(h, model);
        seen[String(want) as 'true' | 'false']++;
        assert.is(checkLinearizability(h, model, stream).valid, want);
      }),
      { numRuns: 500, seed: 16 },
    );
  }
  assert.ok(seen.true > 100 && seen.false > 100, JSON.stringify(seen));
});

test('agrees with the bitset search on longer random histories (both verdicts occur)', () => {
  const seen = { true: 0, false: 0 };
  for (const model of [casRegisterModel, knossos]) {
    fc.assert(
      fc.property(randomHistory(40), (h) => {
        const want = checkLinearizability(h, model, bitsets).valid;
        seen[String(want) as 'true' | 'false']++;
        assert.is(checkLinearizability(h, model, stream).valid, want);
      }),
      { numRuns: 300, seed: 17 },
    );
  }
  assert.ok(seen.true > 30 && seen.false > 30, JSON.stringify(seen));
});

/** The history up to the invoke at `index`: later invokes and their completions left out. */
function invokedUpTo(h: History, index: number): History {
  const open = new Set<number>();
  const out: History = [];
  for (const op of h) {
    if (op.type === 'invoke') {
      if (op.index > index) continue;
      open.add(op.process);
      out.push(op);
    } else if (open.delete(op.process)) out.push(op);
  }
  return out.map((op, i) => ({ ...op, index: i }));
}

test('the op no configuration linearized ends an illegal prefix: the ops invoked up to it are not linearizable', () => {
  let checked = 0;
  for (const model of [casRegisterModel, knossos]) {
    fc.assert(
      fc.property(randomHistory(9), (h) => {
        const ops = toLinOps(h, model);
        const table = new StateTable(model, ops);
        const r = searchStream(table, ops.map((_, i) => i), { state: table.init, pending: [], path: null }, new Budget());
        if (r.status !== 'illegal') return;
        checked++;
        const prefix = invokedUpTo(h, ops[r.unplaced!]!.index);
        assert.is(bruteForceLinearizable(prefix, model), false);
      }),
      { numRuns: 300, seed: 18 },
    );
  }
  assert.ok(checked > 100, String(checked));
});

/** `n` sequential write/read pairs of fresh values on process 0, an indeterminate write of 99 first on process 1. */
function longAfterInfo(n: number, lastRead: number): History {
  const h: History = [];
  const emit = (process: number, type: Op['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value, time: h.length });
  emit(1, 'invoke', 'write', 99);
  emit(1, 'info', 'write', 99);
  for (let i = 1; i <= n; i++) {
    emit(0, 'invoke', 'write', i);
    emit(0, 'ok', 'write', i);
    emit(0, 'invoke', 'read', null);
    emit(0, 'ok', 'read', i);
  }
  emit(0, 'invoke', 'read', null);
  emit(0, 'ok', 'read', lastRead);
  return h;
}

test('an indeterminate write stays free to take effect until its value is read, however late', () => {
  // The write of 99 can only take effect just before the last read: it must not have been dropped.
  assert.is(checkLinearizability(longAfterInfo(5000, 99), knossos, stream).valid, true);
  assert.is(checkLinearizability(longAfterInfo(5000, 99), casRegisterModel, stream).valid, true);
  // A read of a value nobody wrote stays a violation with the indeterminate write around.
  assert.is(checkLinearizability(longAfterInfo(5000, 98), knossos, stream).valid, false);
});

test('a failed cas (an observation) keeps an indeterminate write alive: only that write can make the compare fail', () => {
  const h: History = [];
  const emit = (process: number, type: Op['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value, time: h.length });
  emit(1, 'invoke', 'write', 5);
  emit(1, 'info', 'write', 5);
  for (let i = 0; i < 2000; i++) {
    emit(0, 'invoke', 'read', null);
    emit(0, 'ok', 'read', null);
  }
  emit(0, 'invoke', 'cas', [null, 1]);
  emit(0, 'fail', 'cas', [null, 1]);
  assert.is(checkLinearizability(h, casRegisterModel, stream).valid, true);
  // Knossos's meaning (a failed op did not happen): nothing observes the write.
  assert.is(checkLinearizability(h, knossos, stream).valid, true);
});

test('a written value read once: after that read its indeterminate writer cannot matter (one more read of it is stale)', () => {
  const h = longAfterInfo(3000, 99);
  const emit = (process: number, type: Op['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value, time: h.length });
  emit(0, 'invoke', 'write', 7);
  emit(0, 'ok', 'write', 7);
  emit(0, 'invoke', 'read', null);
  emit(0, 'ok', 'read', 99);
  assert.is(checkLinearizability(h, knossos, stream).valid, false);
  assert.is(checkLinearizability(h, knossos, bitsets).valid, false);
});

test('memo entries stay small on a long history: 100,000 operations decided within 32 MB of memo', () => {
  const h = generateCasHistory({ operations: 100_000, processes: 5, seed: 3 });
  const r = checkLinearizability(h, knossos, { memoryMb: 32, minimize: false });
  assert.is(r.valid, true, r.explanation);
  const stale = generateCasHistory({ operations: 100_000, processes: 5, seed: 3, staleRead: true });
  const bad = checkLinearizability(stale, knossos, { memoryMb: 32, minimize: false });
  assert.is(bad.valid, false, bad.explanation);
});

test('the memory budget stops the streaming search too: unknown (memory), never a crash', () => {
  const h = generateCasHistory({ operations: 20_000, processes: 20, seed: 5, staleRead: true });
  const r = checkLinearizability(h, knossos, { memoryMb: 1, minimize: false });
  assert.is(r.valid, 'unknown', r.explanation);
  assert.is(r.unknown?.reason, 'memory');
});

test.run();
