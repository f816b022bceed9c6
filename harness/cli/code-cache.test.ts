import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEnv } from '../testing/env.test-util.js';
import { scratchDir } from '../testing/scratch.test-util.js';
import { loadWithCodeCache } from './code-cache.js';

const dir = scratchDir('fl-code-cache-');
const cache = join(dir, 'cache');
writeFileSync(join(dir, 'helper.cjs'), 'module.exports = (n) => n * 2;\n');
type Exports = { answer: (n: number) => number; where: string };
let files = 0;

/**
 * The module with constant k, written to a new file each time: V8 keeps scripts it compiled in memory by
 * source and file name, so only a new name makes a load in this process compile (or read the cache) again.
 */
function load(k: number) {
  const file = join(dir, `module-${files++}.cjs`);
  writeFileSync(file, `const twice = require('./helper.cjs');\nexports.answer = (n) => twice(n) + ${k};\nexports.where = __filename;\n`);
  return { file, loaded: loadWithCodeCache<Exports>(file) };
}

const entries = () => readdirSync(cache).filter((f) => f.endsWith('.v8'));

test('a module runs as require would; its compiled code is cached after the first run and read back by the next', () => {
  withEnv({ FAULTLINE_CACHE_DIR: cache }, () => {
    const { file, loaded: first } = load(1);
    assert.is(first.exports.answer(20), 41);
    assert.is(first.exports.where, file);
    assert.not.ok(first.fromCache);
    first.save();
    assert.is(entries().length, 1);
    const { loaded: second } = load(1);
    assert.ok(second.fromCache);
    assert.is(second.exports.answer(20), 41);
  });
});

test('a damaged cache is rejected and written anew; a changed module has its own entry', () => {
  withEnv({ FAULTLINE_CACHE_DIR: cache }, () => {
    writeFileSync(join(cache, entries()[0]!), 'not V8 code');
    const { loaded: damaged } = load(1);
    assert.not.ok(damaged.fromCache);
    assert.is(damaged.exports.answer(1), 3);
    damaged.save();
    assert.ok(load(1).loaded.fromCache);
    const { loaded: changed } = load(2);
    assert.not.ok(changed.fromCache);
    assert.is(changed.exports.answer(1), 4);
    changed.save();
    assert.is(entries().length, 2);
  });
});

test('without a usable cache folder the module still runs and nothing is written', () => {
  withEnv({ FAULTLINE_CACHE_DIR: join(dir, 'helper.cjs') }, () => {
    const { loaded } = load(3);
    assert.not.ok(loaded.fromCache);
    assert.is(loaded.exports.answer(0), 3);
    loaded.save();
  });
  assert.is(entries().length, 2);
});

test.run();
