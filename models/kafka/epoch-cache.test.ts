import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LeaderEpochCache } from './epoch-cache.js';

test('endOffsetFor: the latest epoch ends at the log end, older ones where the next starts', () => {
  const c = new LeaderEpochCache([{ epoch: 1, startOffset: 0 }, { epoch: 3, startOffset: 5 }, { epoch: 4, startOffset: 9 }]);
  assert.equal(c.endOffsetFor(4, 12), { epoch: 4, endOffset: 12 });
  assert.equal(c.endOffsetFor(3, 12), { epoch: 3, endOffset: 9 });
  // Epoch 2 is unknown here: the largest epoch below it (1) and where it ends.
  assert.equal(c.endOffsetFor(2, 12), { epoch: 1, endOffset: 5 });
  assert.equal(c.endOffsetFor(0, 12), { epoch: 0, endOffset: 0 });
  assert.equal(c.endOffsetFor(7, 12), { epoch: -1, endOffset: -1 });
});

test('assign keeps epochs and start offsets increasing; truncateFromEnd drops epochs that start past the end', () => {
  const c = new LeaderEpochCache();
  assert.ok(c.assign(1, 0));
  assert.not.ok(c.assign(1, 3));
  assert.ok(c.assign(2, 4));
  assert.ok(c.assign(3, 4)); // epoch 2 wrote nothing: superseded at the same offset
  assert.equal(c.entries, [{ epoch: 1, startOffset: 0 }, { epoch: 3, startOffset: 4 }]);
  c.truncateFromEnd(4);
  assert.equal(c.entries, [{ epoch: 1, startOffset: 0 }]);
});

test.run();
