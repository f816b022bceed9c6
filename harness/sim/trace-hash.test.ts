import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import { keptShapes, MAX_CHILDREN, MAX_SHAPES, TraceHash } from './trace-hash.js';
import { hashScenario } from './fixtures/hash-scenario.js';

const hashOf = (...values: unknown[]): string => {
  const h = new TraceHash();
  for (const v of values) h.value(v);
  return h.digest();
};

test('structural hashing: equal values hash equally, different ones differ', () => {
  assert.is(hashOf({ a: 1, b: [1, 'x', null] }), hashOf({ a: 1, b: [1, 'x', null] }));
  assert.is.not(hashOf({ a: 1 }), hashOf({ a: 2 }));
  assert.is.not(hashOf([1, 2]), hashOf([2, 1]));
  assert.is.not(hashOf('1'), hashOf(1));
  assert.is.not(hashOf(true), hashOf(false));
  assert.is.not(hashOf(null), hashOf(undefined));
  assert.is.not(hashOf(1.5), hashOf(1));
  assert.is.not(hashOf(-1), hashOf(4294967295));
  assert.is.not(hashOf(2 ** 40), hashOf(0));
  assert.is.not(hashOf(['ab']), hashOf(['a', 'b']));
  assert.is(hashOf(new Map([[1, 'a']])), hashOf(new Map([[1, 'a']])));
  assert.is.not(hashOf(new Set([1])), hashOf([1]));
  assert.is(hashOf(new Uint8Array([1, 2])), hashOf(new Uint8Array([1, 2])));
  assert.match(hashOf(1), /^[0-9a-f]{16}$/);
  assert.throws(() => hashOf(() => 1), /cannot hash a function/);
});

test('values of different kinds that fold the same word stay apart; long strings hash every character', () => {
  assert.is.not(hashOf(true), hashOf(6));
  assert.is.not(hashOf(true), hashOf(1));
  assert.is.not(hashOf(0), hashOf(false));
  assert.is.not(hashOf({ a: 1 }), hashOf(['a', 1]));
  assert.is.not(hashOf({ a: {} }), hashOf({ a: {}, b: undefined }));
  assert.is.not(hashOf(-5), hashOf(2 ** 32 - 5));
  const long = 'x'.repeat(100);
  assert.is(hashOf(long), hashOf('x'.repeat(100)));
  assert.is.not(hashOf(long), hashOf(`${'x'.repeat(99)}y`));
  assert.is.not(hashOf(long), hashOf('x'.repeat(101)));
  const h = new TraceHash();
  h.ints(1, 2, 3, 4);
  const g = new TraceHash();
  for (const n of [1, 2, 3, 4]) g.int(n);
  assert.is(h.digest(), g.digest());
});

test('object keys count by name and order; strings by every unit, in order, whatever their length', () => {
  assert.is.not(hashOf({ a: 1 }), hashOf({ b: 1 }));
  assert.is.not(hashOf({ a: 1, b: 2 }), hashOf({ b: 2, a: 1 }));
  assert.is.not(hashOf({ ab: 1 }), hashOf({ a: 1, b: undefined }));
  assert.is(hashOf(Object.assign(Object.create(null), { a: 1 })), hashOf({ a: 1 }));
  for (const [x, y] of [['ab', 'ba'], ['a', 'a\u0000'], ['\u0001\u0000', '\u0000\u0001'], ['abc', 'abd'], ['\u{1F600}', '\u{1F601}'], ['', '\u0000']]) {
    assert.is.not(hashOf(x), hashOf(y), `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    assert.is.not(hashOf({ k: x }), hashOf({ k: y }));
    assert.is.not(hashOf({ [x as string]: 1 }), hashOf({ [y as string]: 1 }));
  }
  assert.is(hashOf({ k: 'pong', n: 7 }), hashOf({ k: 'pong', n: 7 }));
});

test('bytes: every byte counts, in order, whatever the length; a view hashes as the bytes it shows', () => {
  for (let n = 0; n <= 9; n++) {
    const base = new Uint8Array(n).map((_, i) => i + 1);
    assert.is.not(hashOf(base), hashOf(new Uint8Array([...base, 0])), `length ${n} vs ${n + 1}`);
    for (let i = 0; i < n; i++) {
      const changed = base.slice();
      changed[i] = 0xff;
      assert.is.not(hashOf(changed), hashOf(base), `byte ${i} of ${n}`);
    }
  }
  assert.is.not(hashOf(new Uint8Array([1, 2])), hashOf(new Uint8Array([2, 1])));
  const backing = new Uint8Array([9, 9, 1, 2, 3, 4, 5, 9]);
  assert.is(hashOf(backing.subarray(2, 7)), hashOf(new Uint8Array([1, 2, 3, 4, 5])));
  assert.is(hashOf(Buffer.from([1, 2, 3, 4, 5])), hashOf(new Uint8Array([1, 2, 3, 4, 5])));
});

test('the hash of a given value is fixed (replay files record it): a change here invalidates every replay file', () => {
  assert.is(hashOf({ type: 'append', term: 3, zxid: 2 ** 32 + 5, entries: [{ op: 'set', path: '/a', data: 'x' }], ok: true, v: -1, f: 0.5, bytes: new Uint8Array([1, 2, 3, 4, 250]) }), 'e13038c55804d262');
});

const inWorker = async (file: string, workerData: unknown): Promise<unknown> => {
  const worker = new Worker(new URL(file, import.meta.url), { workerData });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
};

test('key lists below a place the trie does not keep use none of its bound (an object used as a map with ever new keys)', () => {
  for (let c = 0; c < MAX_CHILDREN; c++) hashOf({ [`first${c}`]: 1 }); // the first keys' place is full
  const kept = keptShapes();
  for (let i = 0; i < 100; i++) hashOf({ [`id${i}`]: 1, next: 2, more: 3 });
  assert.is(keptShapes(), kept);
});

test('an object hashes the same whatever key lists were hashed before it (the shape trie is full or empty)', async () => {
  const values = [{ type: 'ping', conn: 3 }, { type: 'ack', conn: 3, zxid: 7 }, { late: 1, comer: [{ x: 'y' }] }, { type: 'ping', conn: 3, extra: true }];
  const fresh = await inWorker('./fixtures/hash-value-worker.mjs', { values });
  assert.equal(values.map((v) => hashOf(v)), fresh);
  // More distinct key lists than the trie keeps (MAX_CHILDREN keys at each place, digits of i in that base):
  // the lists after them are computed each time, not kept.
  for (let i = 0; i <= MAX_SHAPES; i++) {
    const keys = i.toString(MAX_CHILDREN).padStart(5, '0').split('').map((digit, place) => `p${place}d${digit}`);
    hashOf(Object.fromEntries(keys.map((k) => [k, i])));
  }
  const late = [{ late: 1, comer: [{ x: 'y' }] }, { type: 'ping', conn: 3, extra: true }, { never: 'seen', before: 2 }];
  const freshLate = (await inWorker('./fixtures/hash-value-worker.mjs', { values: late })) as string[];
  assert.equal(late.map((v) => hashOf(v)), freshLate);
  assert.equal(late.map((v) => hashOf(v)), freshLate, 'hashed twice past the bound');
  assert.is.not(hashOf({ never: 'seen', before: 2 }), hashOf({ never: 'seen', after: 2 }));
});

test('the same seed gives the same trace hash twice in one process; another seed gives another', async () => {
  const a = await hashScenario(17);
  const b = await hashScenario(17);
  const c = await hashScenario(18);
  assert.ok(a.events > 500, `only ${a.events} events`);
  assert.ok(a.ops > 20, `only ${a.ops} ops`);
  assert.equal(a, b);
  assert.is.not(c.hash, a.hash);
});

test('a worker thread computes the same trace hash', async () => {
  const here = await hashScenario(17);
  assert.equal(await inWorker('./fixtures/hash-worker.mjs', { seed: 17 }), here);
});

test.run();
