import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCommittedPrefixes, checkNoLostTxns } from './agreement.js';
import { checkOneLeaderPerEpoch } from './election-safety.js';

const Z = 2 ** 32;
const e = (epoch: number, c: number, txn = `t${epoch}.${c}`) => ({ zxid: epoch * Z + c, txn });

test('agreement: prefixes pass, a divergence fails and names it', () => {
  assert.is(checkCommittedPrefixes({ a: [e(1, 1), e(1, 2)], b: [e(1, 1)], c: [] }).valid, true);
  const bad = checkCommittedPrefixes({ a: [e(1, 1), e(2, 1)], b: [e(1, 1), e(1, 2)] });
  assert.is(bad.valid, false);
  assert.match(bad.explanation, /position 1 a has 2:1 t2.1 but b has 1:2 t1.2/);
  const sameZxid = checkCommittedPrefixes({ a: [e(1, 1, 'x')], b: [e(1, 1, 'y')] });
  assert.is(sameZxid.valid, false);
});

test('agreement: conflicting commits reported by the audit fail', () => {
  const r = checkCommittedPrefixes({}, [{ zxid: '1:1', server: 'a', txn: 'x', firstServer: 'b', firstTxn: 'y' }]);
  assert.is(r.valid, false);
});

test('durability: a leader-committed or acknowledged txn missing from the final history fails', () => {
  const committed = new Map([[Z + 1, { txn: 't1.1', leader: 'a' }], [Z + 2, { txn: 't1.2', leader: 'a' }]]);
  assert.is(checkNoLostTxns([e(1, 1), e(1, 2), e(2, 1)], committed, [{ zxid: 2 * Z + 1, client: 'c1' }]).valid, true);
  const lost = checkNoLostTxns([e(1, 1), e(2, 1)], committed, []);
  assert.is(lost.valid, false);
  assert.match(lost.explanation, /1:2 \(t1.2\), committed by leader a/);
  const ackLost = checkNoLostTxns([e(1, 1)], new Map(), [{ zxid: 3 * Z + 1, client: 'c2' }]);
  assert.is(ackLost.valid, false);
  assert.match(ackLost.explanation, /acknowledged to c2/);
  const replaced = checkNoLostTxns([e(1, 1, 'other')], committed.set(Z + 2, { txn: 't1.2', leader: 'a' }), []);
  assert.is(replaced.valid, false);
});

test('election safety: two leaders in one epoch fail', () => {
  assert.is(checkOneLeaderPerEpoch([{ epoch: 1, leader: 'a' }, { epoch: 2, leader: 'b' }, { epoch: 2, leader: 'b' }]).valid, true);
  const r = checkOneLeaderPerEpoch([{ epoch: 1, leader: 'a' }, { epoch: 1, leader: 'b' }]);
  assert.is(r.valid, false);
  assert.match(r.explanation, /epoch 1 had 2 established leaders: a, b/);
});

test.run();
