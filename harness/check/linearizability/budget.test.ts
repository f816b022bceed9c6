import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../history/types.js';
import { kvModel } from '../models/kv.js';
import { Budget } from './budget.js';
import { VisitedSet } from './cache.js';
import { checkLinearizability } from './check.js';
import { toLinOps } from './ops.js';
import { WindowSearcher } from './search.js';
import { StateTable } from './states.js';

/**
 * `prefix` sequential puts, then n overlapping appends and a get nobody could have seen: a wide, hard window.
 * A put overlapping them all (until after the get) could reset the value before the get, so no order of
 * the appends is refused before the put is placed (StateSpace.reaches).
 */
function hard(prefix: number, n: number): History {
  const h: History = [];
  const op = (process: number, type: 'invoke' | 'ok', f: string, value: unknown) => h.push({ index: h.length, process, type, f, key: 'k', value, time: h.length });
  for (let i = 0; i < prefix; i++) {
    op(0, 'invoke', 'put', `${i}`);
    op(0, 'ok', 'put', `${i}`);
  }
  op(n + 2, 'invoke', 'put', 'reset');
  for (let p = 1; p <= n; p++) op(p, 'invoke', 'append', `${p}`);
  for (let p = 1; p <= n; p++) op(p, 'ok', 'append', `${p}`);
  op(n + 1, 'invoke', 'get', null);
  op(n + 1, 'ok', 'get', 'nobody wrote this');
  op(n + 2, 'ok', 'put', 'reset');
  return h;
}

test('the memory budget ends in unknown (memory) with the window, before the memo outgrows it', () => {
  // The bitset search (the streaming search's budget: stream-search.test.ts).
  const r = checkLinearizability(hard(2000, 16), kvModel, { memoryMb: 8, timeMs: 60_000, minimize: false, streamFromOps: Infinity });
  assert.is(r.valid, 'unknown', r.explanation);
  assert.is(r.unknown?.reason, 'memory');
  assert.ok((r.unknown?.window.ops.length ?? 0) > 2000);
  assert.match(r.explanation, /memory budget ran out while searching window 0/);
  // 2033 ops: 64-word bitsets, 264 bytes a record; 8 MB hold at most ~32k records, at the table's 0.6 load ~19k.
  assert.ok(r.stats.visited < 32_000, `${r.stats.visited} memo entries`);
});

test('bytesAfter counts the table a growth is about to allocate, old and new together', () => {
  const set = new VisitedSet(4, 16);
  const bits = new Uint32Array(4);
  const stride = (2 + 4) * 4;
  assert.is(set.bytesAfter(0), 32 * stride);
  for (let i = 0; set.size < 19; i++) {
    bits[0] = i;
    set.add(i, 0, bits);
  }
  assert.is(set.bytesAfter(0), 32 * stride); // 19 of 32 slots: below the 0.6 load limit
  assert.is(set.bytesAfter(1), 64 * stride * 1.5); // the 20th entry grows the table
  assert.is(set.bytesAfter(100), 256 * stride * 1.5);
});

test('a growth past the deadline is abandoned: the old table keeps every entry and still answers', () => {
  const set = new VisitedSet(1, 16);
  set.checkPeriod = 1;
  const bits = new Uint32Array(1);
  for (let i = 0; i < 600; i++) {
    bits[0] = i;
    set.add(i, 0, bits);
  }
  const before = set.bytesAfter(0);
  set.deadline = performance.now() - 1;
  for (let i = 600; set.size < 615; i++) {
    bits[0] = i;
    assert.ok(set.add(i, 0, bits));
  }
  assert.is(set.bytesAfter(0), 2 * before * 1.5, 'the table did not grow: it is still over its load limit');
  for (let i = 0; i < 615; i++) {
    bits[0] = i;
    assert.not.ok(set.add(i, 0, bits), `entry ${i} is still there`);
  }
});

test('wide windows ask the budget every 16 iterations, so a check overshoots its time by little', () => {
  const ops = toLinOps(hard(5000, 12), kvModel);
  const table = new StateTable(kvModel, ops);
  const searcher = new WindowSearcher(table, { ops: ops.map((_, i) => i), starts: [{ state: table.init, pending: [], path: null }], mode: 'first' });
  const spent = new Budget({ timeMs: 0 }, performance.now() - 1);
  assert.ok(searcher.run(spent, Number.POSITIVE_INFINITY));
  assert.is(searcher.result.status, 'budget');
  assert.ok(searcher.visited.size <= 16, `${searcher.visited.size} entries before the first budget check`);
});

test.run();
