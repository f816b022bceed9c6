import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bridge, customPartition, cut, deafTo, halves, hears, isolate, majorityRing, oneWay, randomPartition, sameGrudge } from './partitions.js';
import type { Grudge } from './types.js';

const N5 = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** Who `a` hears, itself included. */
function heard(grudge: Grudge, nodes: string[], a: string): string[] {
  return nodes.filter((b) => b === a || hears(grudge, a, b));
}

test('halves: minority against majority, both ways', () => {
  assert.equal(halves(N5), {
    n1: ['n3', 'n4', 'n5'],
    n2: ['n3', 'n4', 'n5'],
    n3: ['n1', 'n2'],
    n4: ['n1', 'n2'],
    n5: ['n1', 'n2'],
  });
});

test('isolate: the first node alone', () => {
  const g = isolate(N5);
  assert.equal(g.n1, ['n2', 'n3', 'n4', 'n5']);
  for (const id of N5.slice(1)) assert.equal(g[id], ['n1']);
});

test('majority-ring on 5 nodes: each hears itself and its two ring neighbours', () => {
  const g = majorityRing(N5);
  assert.equal(heard(g, N5, 'n1'), ['n1', 'n2', 'n5']);
  assert.equal(heard(g, N5, 'n3'), ['n2', 'n3', 'n4']);
});

test('majority-ring on 3..9 nodes: everyone sees a majority, no two see the same one', () => {
  for (let n = 3; n <= 9; n++) {
    const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    const g = majorityRing(nodes);
    const views = nodes.map((a) => heard(g, nodes, a).join(','));
    for (const a of nodes) assert.ok(heard(g, nodes, a).length > n / 2, `n=${n}: ${a} sees a majority`);
    assert.is(new Set(views).size, n, `n=${n}: views all differ: ${views.join(' | ')}`);
    assert.ok(Object.keys(g).length === n, `n=${n}: every node misses someone`);
  }
});

test('bridge: two halves cut apart, the middle node hears and is heard by both', () => {
  const g = bridge(N5);
  assert.equal(g.n1, ['n4', 'n5']);
  assert.equal(g.n5, ['n1', 'n2']);
  assert.is(g.n3, undefined);
  for (const id of N5) {
    assert.ok(hears(g, 'n3', id));
    assert.ok(hears(g, id, 'n3'));
  }
});

test('one-way: the first half hears nothing from the rest, who still hear them', () => {
  const g = oneWay(N5);
  assert.equal(g, { n1: ['n3', 'n4', 'n5'], n2: ['n3', 'n4', 'n5'] });
  assert.not.ok(hears(g, 'n1', 'n3'));
  assert.ok(hears(g, 'n3', 'n1'));
});

test('cut and deafTo can involve clients; customPartition keeps the grudge', () => {
  assert.equal(cut(['c1'], ['n1', 'n2']), { c1: ['n1', 'n2'], n1: ['c1'], n2: ['c1'] });
  assert.equal(deafTo(['c1'], ['n1']), { c1: ['n1'] });
  const p = customPartition(5, { c1: ['n1'], n1: [] });
  assert.equal(p, { at: 5, kind: 'partition', shape: 'custom', nodes: ['c1', 'n1'], grudge: { c1: ['n1'] } });
});

test('randomPartition: a shuffled order, same rng same partition', () => {
  const rng = (seed: number) => {
    let s = seed;
    return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  };
  const a = randomPartition(0, 'halves', N5, rng(7));
  const b = randomPartition(0, 'halves', N5, rng(7));
  assert.equal(a, b);
  assert.equal([...a.nodes].sort(), N5);
  assert.ok(sameGrudge(a.grudge, halves(a.nodes)));
});

test('shapes refuse too few nodes and duplicates', () => {
  assert.throws(() => majorityRing(['n1', 'n2']), /at least 3/);
  assert.throws(() => bridge(['n1', 'n2']), /at least 3/);
  assert.throws(() => halves(['n1']), /at least 2/);
  assert.throws(() => halves(['n1', 'n1']), /duplicate/);
});

test('sameGrudge ignores order and empty entries', () => {
  assert.ok(sameGrudge({ a: ['b', 'c'], d: [] }, { a: ['c', 'b'] }));
  assert.not.ok(sameGrudge({ a: ['b'] }, { a: ['c'] }));
});

test.run();
