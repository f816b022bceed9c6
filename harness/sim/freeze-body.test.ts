import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freezeBody, isFrozenWrite } from './freeze-body.js';

const thrown = (change: () => void): unknown => {
  try {
    change();
  } catch (error) {
    return error;
  }
  return undefined;
};

test('every object a body reaches is frozen; bytes are left as they are; a change throws an error it recognises', () => {
  const inner = { v: 1 };
  const bytes = new Uint8Array([1, 2]);
  const body = { list: [inner], map: new Map([['k', { w: 2 }]]), set: new Set([{ x: 3 }]), bytes, text: 'x', n: null };
  freezeBody(body);
  for (const frozen of [body, body.list, inner, body.map.get('k'), [...body.set][0]]) assert.ok(Object.isFrozen(frozen));
  assert.not.ok(Object.isFrozen(bytes));
  freezeBody(body); // already frozen: nothing to do
  for (const change of [() => { inner.v = 2; }, () => { body.list.push({ v: 3 }); }, () => { delete (body as { n?: null }).n; }]) {
    const error = thrown(change);
    assert.ok(isFrozenWrite(error), String(error));
  }
  assert.not.ok(isFrozenWrite(new TypeError('x is not a function')));
  assert.not.ok(isFrozenWrite(new Error('read-only')));
  freezeBody(null);
  freezeBody(7);
});

test.run();
