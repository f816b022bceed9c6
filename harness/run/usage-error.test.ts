import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from './usage-error.js';

test('a UsageError from another copy of its module (a bundled command) is still one; other errors and subclasses are not confused', async () => {
  const copy = (await import(new URL('./usage-error.ts?copy', import.meta.url).href)) as typeof import('./usage-error.js');
  assert.ok(copy.UsageError !== UsageError, 'a separate copy of the class');
  assert.ok(new copy.UsageError('bad flag') instanceof UsageError);
  assert.ok(new UsageError('bad flag') instanceof copy.UsageError);
  assert.not.ok(new Error('bad flag') instanceof UsageError);
  assert.not.ok(Object.create(null) instanceof UsageError);
  class NarrowError extends UsageError {}
  assert.ok(new NarrowError('x') instanceof UsageError);
  assert.not.ok(new UsageError('x') instanceof NarrowError, 'a subclass tests the prototype chain');
});

test.run();
