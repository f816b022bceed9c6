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

test('a body the model froze itself is frozen through; symbol keys too; a getter is not called', () => {
  const log = [{ term: 1 }];
  const tag = Symbol('tag');
  const body = Object.freeze({ type: 'append', log, [tag]: { seen: [1] } });
  const lazy = {
    get expensive(): never {
      throw new Error('model code ran while the body was frozen');
    },
  };
  freezeBody(body);
  freezeBody(lazy);
  assert.ok(Object.isFrozen(log) && Object.isFrozen(log[0]), 'an array inside an already frozen body');
  assert.ok(Object.isFrozen(body[tag].seen), 'a value under a symbol key');
  assert.ok(isFrozenWrite(thrown(() => log.push({ term: 2 }))));
  assert.ok(Object.isFrozen(lazy));
});

test.run();
