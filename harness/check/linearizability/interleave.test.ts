import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../history/types.js';
import { kvModel } from '../models/kv.js';
import { checkLinearizability } from './check.js';

/**
 * One key with n overlapping appends and a later get that sees them in reverse call order: the search
 * tries many orders before it finds that one, so the key needs a known, sizeable memo.
 */
function hardKey(h: History, key: string, n: number): void {
  const base = h.length;
  const op = (process: number, type: 'invoke' | 'ok', f: string, value: unknown) =>
    h.push({ index: h.length, process, type, f, key, value, time: h.length });
  for (let p = 0; p < n; p++) op(base + p, 'invoke', 'append', `${p}`);
  for (let p = 0; p < n; p++) op(base + p, 'ok', 'append', `${p}`);
  op(base + n, 'invoke', 'get', null);
  op(base + n, 'ok', 'get', Array.from({ length: n }, (_, p) => `${n - 1 - p}`).join(''));
}

test('interleaved partitions that together outgrow the memo limit are retried one at a time', () => {
  const one: History = [];
  hardKey(one, 'a', 7);
  const alone = checkLinearizability(one, kvModel, { minimize: false });
  assert.is(alone.valid, true);
  const two: History = [];
  hardKey(two, 'a', 7);
  hardKey(two, 'b', 7);
  // Room for either key alone, not for both at once.
  const r = checkLinearizability(two, kvModel, { minimize: false, maxCacheEntries: Math.ceil(alone.stats.visited * 1.2) });
  assert.is(r.valid, true, r.explanation);
});

test('a quick violation in a later partition is found while an earlier one is hard', () => {
  const h: History = [];
  hardKey(h, 'a', 9); // about a million memo entries to finish
  h.push({ index: h.length, process: 100, type: 'invoke', f: 'put', key: 'z', value: 'x', time: h.length });
  h.push({ index: h.length, process: 100, type: 'ok', f: 'put', key: 'z', value: 'x', time: h.length });
  h.push({ index: h.length, process: 101, type: 'invoke', f: 'get', key: 'z', value: null, time: h.length });
  h.push({ index: h.length, process: 101, type: 'ok', f: 'get', key: 'z', value: 'y', time: h.length });
  const r = checkLinearizability(h, kvModel, { minimize: false });
  assert.is(r.valid, false);
  assert.is(r.anomalies[0]!.partition, 'key "z"');
  assert.ok(r.stats.visited < 100_000, `stopped early (${r.stats.visited} entries)`);
});

test.run();
