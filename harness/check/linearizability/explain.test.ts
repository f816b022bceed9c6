/** The minimal op set of a violation: telling (the culprit's result is explained, its interval is what breaks). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../history/types.js';
import { registerModel } from '../models/register.js';
import { checkLinearizability } from './check.js';

/** Ops one after another, each [f, value]: a write's value, or what a read returned. */
function sequential(steps: [string, unknown][]): History {
  const h: History = [];
  steps.forEach(([f, value], k) => {
    h.push({ index: h.length, process: k, type: 'invoke', f, value: f === 'write' ? value : null, time: h.length });
    h.push({ index: h.length, process: k, type: 'ok', f, value, time: h.length });
  });
  return h;
}

const minimal = (h: History) => {
  const r = checkLinearizability(h, registerModel);
  assert.is(r.valid, false);
  assert.is(r.anomalies[0]!.minimalIsApproximate, false);
  return r.anomalies[0]!.minimalOps;
};

test('a stale read keeps the write it read: write 1, write 2, then read 1 (not the write of 2 and a read of 1 from nowhere)', () => {
  assert.equal(minimal(sequential([['write', 1], ['write', 2], ['read', 1]])), [0, 2, 4]);
});

test('among many unrelated ops, only the stale read, its writer and a write it missed remain', () => {
  const steps: [string, unknown][] = [];
  for (let k = 0; k < 20; k++) steps.push(['write', 10 + k], ['read', 10 + k]);
  steps.push(['write', 1], ['read', 1], ['write', 2], ['read', 2]);
  for (let k = 0; k < 10; k++) steps.push(['write', 40 + k]);
  steps.push(['write', 3], ['read', 1]);
  const h = sequential(steps);
  const ops = minimal(h).map((i) => [h[i]!.f, h[i + 1]!.value]);
  assert.is(ops.length, 3);
  assert.equal([ops[0], ops[2]], [['write', 1], ['read', 1]]);
  assert.is(ops[1]![0], 'write');
  assert.is.not(ops[1]![1], 1);
});

test('a read of a value nothing wrote is illegal wherever it goes: it stands alone', () => {
  assert.equal(minimal(sequential([['write', 1], ['write', 2], ['read', 9]])), [4]);
});

test.run();
