import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteError, checkWritableDir, checkWritableFile, ensureDir, isInside, writeAtomic } from './files.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const tmp = scratchDir('faultline-files-');

test('writeAtomic writes through a temp file and creates missing directories', () => {
  writeAtomic(join(tmp, 'a', 'b', 'x.txt'), 'hello');
  assert.is(readFileSync(join(tmp, 'a', 'b', 'x.txt'), 'utf8'), 'hello');
  assert.equal(readdirSync(join(tmp, 'a', 'b')), ['x.txt']);
});

test('a failed rename leaves no temp file and names the path and the reason', () => {
  const target = join(tmp, 'busy');
  mkdirSync(join(target, 'inside'), { recursive: true });
  assert.throws(() => writeAtomic(target, 'x'), (e: unknown) => e instanceof WriteError && e.message.startsWith(`cannot write ${target}: `));
  assert.equal(readdirSync(tmp).filter((f) => f.startsWith('busy')), ['busy']);
});

test('a parent that is a file, or a pseudo file system, fails at once (no endless mkdir under /proc)', () => {
  writeFileSync(join(tmp, 'plain'), 'x');
  assert.throws(() => writeAtomic(join(tmp, 'plain', 'x.txt'), 'x'), /cannot write .*plain\/x\.txt: .*plain: is a file, not a directory/);
  assert.throws(() => ensureDir('/proc/faultline-test/deeper'), /cannot write \/proc\/faultline-test\/deeper: .*ENOENT/);
  assert.throws(() => checkWritableDir(join(tmp, 'plain')), /is a file, not a directory/);
  assert.throws(() => checkWritableFile(tmp), /is a directory, not a file/);
  checkWritableFile(join(tmp, 'new', 'junit.xml'));
  assert.not.ok(readdirSync(join(tmp, 'new')).length > 0, 'the probe file is removed');
});

test('isInside: the folder and below it, not a sibling named like ..x, a parent or another root', () => {
  assert.ok(isInside('/a/b', '/a/b'));
  assert.ok(isInside('/a/b', '/a/b/c/d.ts'));
  assert.ok(isInside('/a/b', '/a/b/..x/d.ts'), 'a folder whose name starts with two dots is inside');
  assert.not.ok(isInside('/a/b', '/a/bc/d.ts'));
  assert.not.ok(isInside('/a/b', '/a/d.ts'));
  assert.not.ok(isInside('/a/b', '/'));
});

test.run();
