import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FAULTLINE_RULES, JEPSEN_RULES } from '../../history/completion-rules.js';
import { parseEdnHistory } from '../../history/formats/edn.js';
import type { History, Op } from '../../history/types.js';
import { checkLinearizability } from '../linearizability/check.js';
import { HistoryShapeError } from '../linearizability/ops.js';
import { makeMultiRegisterModel } from './multi-register.js';
import { buildModel, ModelOptionError } from './registry.js';

const fixture = (name: string): History => parseEdnHistory(readFileSync(new URL(`../../../fixtures/jepsen/${name}`, import.meta.url), 'utf8'), name);
const verdict = (h: History, model: string, options: Parameters<typeof buildModel>[1]) => checkLinearizability(h, buildModel(model, options)!).valid;

/** [process, type, f, value] rows. */
const h = (rows: [number, Op['type'], string, unknown][]): History => rows.map(([process, type, f, value], index) => ({ index, process, type, f, value, time: index }));

test('a failed cas: did not happen under Jepsen rules (linearizable), an observed mismatch under faultline rules (not)', () => {
  const history = fixture('cas-fail-did-not-happen.edn');
  assert.is(verdict(history, 'cas-register', { initial: 0, rules: JEPSEN_RULES }), true);
  assert.is(verdict(history, 'cas-register', { initial: 0, rules: FAULTLINE_RULES }), false);
});

test('a failed write did not happen, an info write may have: the completion type alone decides', () => {
  assert.is(verdict(fixture('write-fail-then-read.edn'), 'cas-register', { initial: 0, rules: JEPSEN_RULES }), false);
  assert.is(verdict(fixture('write-info-then-read.edn'), 'cas-register', { initial: 0, rules: JEPSEN_RULES }), true);
});

test("Knossos's nil read: unknown under Jepsen rules, the value nil under faultline rules", () => {
  const history = fixture('nil-read-unknown.edn');
  for (const model of ['register', 'cas-register']) {
    assert.is(verdict(history, model, { initial: 0, rules: JEPSEN_RULES }), true, model);
    assert.is(verdict(history, model, { initial: 0, rules: FAULTLINE_RULES }), false, model);
  }
  // The rule hides nothing but nil: a stale value is still caught.
  assert.is(verdict(fixture('stale-read.edn'), 'register', { initial: 0, rules: JEPSEN_RULES }), false);
});

test('initial values: registers, kv, set, queue and log start where --initial says', () => {
  assert.is(verdict(fixture('initial-read.edn'), 'cas-register', { initial: 0, rules: JEPSEN_RULES }), true);
  assert.is(verdict(fixture('initial-read.edn'), 'cas-register', { rules: JEPSEN_RULES }), false);
  const get = (v: string): History => [
    { index: 0, process: 0, type: 'invoke', f: 'append', key: 'k', value: 'b', time: 0 },
    { index: 1, process: 0, type: 'ok', f: 'append', key: 'k', value: 'b', time: 1 },
    { index: 2, process: 1, type: 'invoke', f: 'get', key: 'k', value: null, time: 2 },
    { index: 3, process: 1, type: 'ok', f: 'get', key: 'k', value: v, time: 3 },
  ];
  for (const model of ['kv', 'kv-map']) {
    assert.is(verdict(get('ab'), model, { initial: 'a' }), true, model);
    assert.is(verdict(get('b'), model, { initial: 'a' }), false, model);
    assert.is(verdict(get('b'), model, {}), true, model);
  }
  const read = (f: string, value: unknown, out: unknown) => h([[0, 'invoke', f, value], [0, 'ok', f, out]]);
  assert.is(verdict(read('read', null, [1, 2]), 'set', { initial: [2, 1] }), true);
  assert.is(verdict(read('read', null, [1, 2]), 'set', {}), false);
  assert.is(verdict(read('dequeue', null, 7), 'queue', { initial: [7, 8] }), true);
  assert.is(verdict(read('dequeue', null, 8), 'queue', { initial: [7, 8] }), false);
  assert.is(verdict(read('read', 1, 'y'), 'log', { initial: ['x', 'y'] }), true);
  assert.is(verdict(read('read', 1, 'y'), 'log', {}), false);
});

test('an initial value the model cannot start from is an error that says what it takes', () => {
  const bad: [string, unknown, RegExp][] = [
    ['multi-register', 3, /map of register names/],
    ['kv', 5, /string every key starts with/],
    ['set', 'x', /list of the elements/],
    ['mutex', null, /no initial value/],
  ];
  for (const [model, initial, message] of bad) {
    try {
      buildModel(model, { initial });
      assert.unreachable(model);
    } catch (e) {
      assert.instance(e, ModelOptionError);
      assert.match((e as Error).message, message);
    }
  }
});

test('multi-register: torn read across registers written together is caught (they stay in one group)', () => {
  const model = makeMultiRegisterModel({ initial: { x: 0, y: 0 }, nilReadIsUnknown: true });
  const torn = fixture('txn-atomic-torn-read.edn');
  const r = checkLinearizability(torn, model);
  assert.is(r.valid, false);
  assert.is(r.stats.partitions, 1, 'one component: the txns tie x and y together');
  // Each register on its own is linearizable: splitting by register would have hidden the violation.
  const only = (name: string): History =>
    torn.map((op) => ({ ...op, value: (op.value as unknown[][]).filter((m) => m[1] === name) }));
  assert.is(checkLinearizability(only('x'), model).valid, true);
  assert.is(checkLinearizability(only('y'), model).valid, true);
});

test('multi-register: independent groups are checked apart; info writes, nil reads; a lost write', () => {
  const model = makeMultiRegisterModel({ initial: { x: 0, y: 0, z: 0 }, nilReadIsUnknown: true });
  const groups = fixture('txn-independent-groups.edn');
  const r = checkLinearizability(groups, model);
  assert.is(r.valid, true, r.explanation);
  assert.is(r.stats.partitions, 2, 'two components of registers, searched apart');
  assert.is(checkLinearizability(groups, makeMultiRegisterModel({ initial: { x: 0, y: 0, z: 0 } })).valid, false, 'a nil read of y is the value nil without the rule');
  const lost = checkLinearizability(fixture('txn-lost-write.edn'), makeMultiRegisterModel({ initial: { x: 0, y: 0 }, nilReadIsUnknown: true }));
  assert.is(lost.valid, false);
  assert.match(lost.explanation, /write y 2/);
});

test("ops a model cannot read are errors naming the op, never a verdict", () => {
  const cases: [string, History, RegExp][] = [
    ['cas-register', fixture('txn-lost-write.edn'), /no operation "txn" \(it has read, write, cas\)/],
    ['kv-map', fixture('txn-lost-write.edn'), /no operation "txn" \(it has get, put, append\)/],
    ['cas-register', h([[0, 'invoke', 'cas', 3], [0, 'ok', 'cas', 3]]), /invoke cas needs a \[from to\] pair, got 3/],
    ['multi-register', h([[0, 'invoke', 'txn', [['read', 'x']]]]), /micro-op \["read","x"\] is not/],
    ['multi-register', h([[0, 'invoke', 'txn', [['append', 'x', 1]]]]), /micro-op \["append","x",1\]/],
    ['log', h([[0, 'invoke', 'read', 'x']]), /invoke read needs an offset, got "x"/],
    ['register', h([[0, 'invoke', 'read', null], [0, 'ok', 'write', 1]]), /completes op 0, which is read/],
  ];
  for (const [model, history, message] of cases) {
    try {
      checkLinearizability(history, buildModel(model)!);
      assert.unreachable(model);
    } catch (e) {
      assert.instance(e, HistoryShapeError);
      assert.match((e as Error).message, message);
    }
  }
});

test('a malformed op in a partition the search never reaches is still an error', () => {
  // Key "a" is violated at once; key "b" holds a cas without a pair.
  const history: History = [
    { index: 0, process: 0, type: 'invoke', f: 'read', value: null, key: 'a', time: 0 },
    { index: 1, process: 0, type: 'ok', f: 'read', value: 9, key: 'a', time: 1 },
    { index: 2, process: 1, type: 'invoke', f: 'cas', value: [1], key: 'b', time: 2 },
  ];
  assert.throws(() => checkLinearizability(history, buildModel('cas-register')!), (e: Error) => e instanceof HistoryShapeError && e.index === 2);
});

test.run();
