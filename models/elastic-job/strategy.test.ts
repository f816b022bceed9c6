import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { averageAllocation } from './strategy.js';

test('average allocation: the documented examples', () => {
  assert.equal([...averageAllocation(['a', 'b', 'c'], 9)], [['a', [0, 1, 2]], ['b', [3, 4, 5]], ['c', [6, 7, 8]]]);
  assert.equal([...averageAllocation(['a', 'b', 'c'], 8)], [['a', [0, 1, 6]], ['b', [2, 3, 7]], ['c', [4, 5]]]);
  assert.equal([...averageAllocation(['a', 'b', 'c'], 10)], [['a', [0, 1, 2, 9]], ['b', [3, 4, 5]], ['c', [6, 7, 8]]]);
});

test('average allocation: fewer items than instances, and no instances', () => {
  assert.equal([...averageAllocation(['a', 'b', 'c'], 2)], [['a', [0]], ['b', [1]], ['c', []]]);
  assert.equal(averageAllocation([], 4).size, 0);
});

test.run();
