import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hash32, HashRing } from './ring.js';

const KEYS = Array.from({ length: 4000 }, (_, i) => `key-${i}`);
const owners = (ring: HashRing) => KEYS.map((k) => ring.ownerOf(k));

test('ring: the same members in any order route every key alike; an empty ring routes nowhere', () => {
  assert.equal(owners(new HashRing(['a', 'b', 'c'], 64)), owners(new HashRing(['c', 'a', 'b'], 64)));
  assert.is(new HashRing([], 64).ownerOf('key-1'), null);
  assert.is(hash32('key-1'), hash32('key-1'));
});

test('ring: virtual nodes spread the keys (each of 4 members within 30% of a quarter)', () => {
  const ring = new HashRing(['m1', 'm2', 'm3', 'm4'], 128);
  for (const m of ring.members) {
    const share = KEYS.filter((k) => ring.ownerOf(k) === m).length / KEYS.length;
    assert.ok(Math.abs(share - 0.25) < 0.075, `${m}: ${share}`);
  }
});

test('ring: a join moves about 1/n of the keys, all to the newcomer; a leave moves only the leaver\'s', () => {
  for (const n of [3, 5, 8]) {
    const before = new HashRing(Array.from({ length: n - 1 }, (_, i) => `m${i}`), 128);
    const after = new HashRing([...before.members, 'new'], 128);
    const moved = KEYS.filter((k) => before.ownerOf(k) !== after.ownerOf(k));
    assert.ok(moved.every((k) => after.ownerOf(k) === 'new'));
    assert.ok(Math.abs(moved.length / KEYS.length - 1 / n) < 0.35 / n, `n=${n}: ${moved.length / KEYS.length}`);
    const left = new HashRing(before.members.filter((m) => m !== 'm0'), 128);
    assert.ok(KEYS.every((k) => before.ownerOf(k) === 'm0' || left.ownerOf(k) === before.ownerOf(k)));
  }
});

test.run();
