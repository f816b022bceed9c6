import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLogAgreement, type ReplicaEntry } from './log-agreement.js';

/** A log from `epoch:value` pairs, offsets from 0. */
const log = (...items: string[]): ReplicaEntry[] => items.map((s, offset) => {
  const [epoch, value] = s.split(':');
  return { offset, epoch: Number(epoch), value: Number(value) };
});

test('agreement: identical logs and prefixes pass', () => {
  const r = checkLogAgreement({
    b1: { entries: log('0:1', '0:2', '1:3'), highWatermark: 3 },
    b2: { entries: log('0:1', '0:2'), highWatermark: 2 },
    b3: { entries: [], highWatermark: 0 },
  });
  assert.is(r.valid, true, r.explanation);
});

test('agreement: different entries above the smaller high watermark are allowed (uncommitted tails)', () => {
  const r = checkLogAgreement({
    b1: { entries: log('0:1', '0:2', '0:3'), highWatermark: 1 },
    b2: { entries: log('0:1', '1:7'), highWatermark: 2 },
  });
  assert.is(r.valid, true, r.explanation);
});

test('agreement: a different value below both high watermarks fails and names the offset', () => {
  const r = checkLogAgreement({
    b1: { entries: log('0:1', '0:2', '1:3'), highWatermark: 3 },
    b2: { entries: log('0:1', '0:2', '2:4'), highWatermark: 3 },
  });
  assert.is(r.valid, false);
  assert.match(r.explanation, /offset 2 \(< 3\) b1 has 3 \(epoch 1\) but b2 has 4 \(epoch 2\)/);
});

test('agreement: same value in a different leader epoch is a divergence (KIP-101 scenario 2)', () => {
  const r = checkLogAgreement({
    a: { entries: log('0:1', '0:2'), highWatermark: 2 },
    b: { entries: log('0:1', '1:2'), highWatermark: 2 },
  });
  assert.is(r.valid, false);
});

test('agreement: a log shorter than its high watermark is not a content disagreement', () => {
  const r = checkLogAgreement({
    a: { entries: log('0:1'), highWatermark: 3 },
    b: { entries: log('0:1', '0:2', '0:3'), highWatermark: 3 },
  });
  assert.is(r.valid, true, r.explanation);
});

test('agreement: offsets are matched by offset, not position', () => {
  const r = checkLogAgreement({
    a: { entries: [{ offset: 5, epoch: 1, value: 9 }], highWatermark: 6 },
    b: { entries: [{ offset: 4, epoch: 1, value: 8 }, { offset: 5, epoch: 1, value: 9 }], highWatermark: 6 },
  });
  assert.is(r.valid, true, r.explanation);
});

test('final: every ISR member must hold the leader log; out-of-ISR replicas may lag', () => {
  const replicas = {
    b1: { entries: log('0:1', '0:2'), highWatermark: 2 },
    b2: { entries: log('0:1', '0:2'), highWatermark: 2 },
    b3: { entries: log('0:1'), highWatermark: 1 },
  };
  assert.is(checkLogAgreement(replicas, { final: { leader: 'b1', isr: ['b1', 'b2'] } }).valid, true);
  const r = checkLogAgreement(replicas, { final: { leader: 'b1', isr: ['b1', 'b2', 'b3'] } });
  assert.is(r.valid, false);
  assert.match(r.explanation, /ISR member b3 does not hold leader b1's log: at offset 1 it has nothing, the leader 2 \(epoch 0\)/);
  const extra = checkLogAgreement({ ...replicas, b2: { entries: log('0:1', '0:2', '0:3'), highWatermark: 2 } }, { final: { leader: 'b1', isr: ['b1', 'b2'] } });
  assert.is(extra.valid, false);
});

test.run();
