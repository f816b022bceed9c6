import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { checkLinearizability } from '../linearizability/check.js';
import type { AnyModel } from '../linearizability/model.js';
import { casRegisterModel } from './cas-register.js';
import { logModel, mutexModel, queueModel, setModel } from './collections.js';
import { kvMapModel, kvModel } from './kv.js';
import { registerModel } from './register.js';

/** Compact history builder: [process, type, f, value, key?] rows. */
function h(rows: [number, Op['type'], string, unknown, string?][]): History {
  return rows.map(([process, type, f, value, key], index) => ({ index, process, type, f, value, time: index, ...(key === undefined ? {} : { key }) }));
}

const cases: [string, AnyModel, History, boolean][] = [
  ['register good', registerModel, h([[0, 'invoke', 'write', 1], [1, 'invoke', 'read', null], [0, 'ok', 'write', 1], [1, 'ok', 'read', 1]]), true],
  ['register stale read', registerModel, h([[0, 'invoke', 'write', 1], [0, 'ok', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', null]]), false],
  ['register info write may apply', registerModel, h([[0, 'invoke', 'write', 1], [0, 'info', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]]), true],
  ['register fail never happened', registerModel, h([[0, 'invoke', 'write', 1], [0, 'fail', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]]), false],
  ['cas good', casRegisterModel, h([[0, 'invoke', 'write', 1], [0, 'ok', 'write', 1], [1, 'invoke', 'cas', [1, 2]], [1, 'ok', 'cas', [1, 2]], [0, 'invoke', 'cas', [1, 3]], [0, 'fail', 'cas', [1, 3]]]), true],
  ['cas fail is an observation', casRegisterModel, h([[0, 'invoke', 'write', 1], [0, 'ok', 'write', 1], [1, 'invoke', 'cas', [1, 2]], [1, 'fail', 'cas', [1, 2]]]), false],
  ['cas ok on wrong value', casRegisterModel, h([[1, 'invoke', 'cas', [1, 2]], [1, 'ok', 'cas', [1, 2]]]), false],
  ['kv good', kvModel, h([[0, 'invoke', 'append', 'a', 'k'], [0, 'ok', 'append', 'a', 'k'], [1, 'invoke', 'get', null, 'k'], [1, 'ok', 'get', 'a', 'k']]), true],
  ['kv bad', kvModel, h([[0, 'invoke', 'put', 'a', 'k'], [0, 'ok', 'put', 'a', 'k'], [1, 'invoke', 'get', null, 'j'], [1, 'ok', 'get', 'a', 'j']]), false],
  ['kv-map bad', kvMapModel, h([[0, 'invoke', 'put', 'a', 'k'], [0, 'ok', 'put', 'a', 'k'], [1, 'invoke', 'get', null, 'k'], [1, 'ok', 'get', '', 'k']]), false],
  ['set good', setModel, h([[0, 'invoke', 'add', 1], [1, 'invoke', 'read', null], [0, 'ok', 'add', 1], [1, 'ok', 'read', [1]]]), true],
  ['set lost add', setModel, h([[0, 'invoke', 'add', 1], [0, 'ok', 'add', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', []]]), false],
  ['queue good', queueModel, h([[0, 'invoke', 'enqueue', 1], [0, 'ok', 'enqueue', 1], [0, 'invoke', 'enqueue', 2], [0, 'ok', 'enqueue', 2], [1, 'invoke', 'dequeue', null], [1, 'ok', 'dequeue', 1]]), true],
  ['queue out of order', queueModel, h([[0, 'invoke', 'enqueue', 1], [0, 'ok', 'enqueue', 1], [0, 'invoke', 'enqueue', 2], [0, 'ok', 'enqueue', 2], [1, 'invoke', 'dequeue', null], [1, 'ok', 'dequeue', 2]]), false],
  ['log good', logModel, h([[0, 'invoke', 'append', 'x'], [0, 'ok', 'append', 0], [1, 'invoke', 'read', 0], [1, 'ok', 'read', 'x']]), true],
  ['log bad offset', logModel, h([[0, 'invoke', 'append', 'x'], [0, 'ok', 'append', 1]]), false],
  ['mutex good', mutexModel, h([[0, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [0, 'invoke', 'release', null], [0, 'ok', 'release', null], [1, 'invoke', 'acquire', null], [1, 'ok', 'acquire', null]]), true],
  ['mutex double hold', mutexModel, h([[0, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [1, 'invoke', 'acquire', null], [1, 'ok', 'acquire', null]]), false],
];

for (const [name, model, history, want] of cases) {
  test(name, () => {
    const r = checkLinearizability(history, model);
    assert.is(r.valid, want, r.explanation);
    if (!want) assert.ok(r.anomalies[0]!.minimalOps.length > 0);
  });
}

test('budget ends in unknown with the window, not a hang', () => {
  // 24 concurrent appends and a get of a value none of their orders makes; a put overlapping them all
  // could reset the value first, so no order is refused before the put is placed (StateSpace.reaches).
  const rows: [number, Op['type'], string, unknown][] = [[98, 'invoke', 'put', 'reset']];
  for (let p = 0; p < 24; p++) rows.push([p, 'invoke', 'append', `v${p}`]);
  for (let p = 0; p < 24; p++) rows.push([p, 'ok', 'append', `v${p}`]);
  rows.push([99, 'invoke', 'get', null], [99, 'ok', 'get', 'nope'], [98, 'ok', 'put', 'reset']);
  const history = h(rows.map(([p, t, f, v]) => [p, t, f, v, 'k']));
  const t = performance.now();
  const r = checkLinearizability(history, kvModel, { timeMs: 150, minimize: false });
  assert.is(r.valid, 'unknown');
  assert.ok(r.unknown !== undefined && r.unknown.window.ops.length > 0);
  assert.ok(performance.now() - t < 2000);
  const m = checkLinearizability(history, kvModel, { maxCacheEntries: 1000, minimize: false });
  assert.is(m.valid, 'unknown');
  assert.is(m.unknown?.reason, 'memory');
});

test.run();
