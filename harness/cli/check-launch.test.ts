import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEnv } from '../testing/env.test-util.js';
import { scratchDir } from '../testing/scratch.test-util.js';
import { bundledCheckCommand } from './check-launch.js';
import { captureIo } from './io.js';

const dir = scratchDir('fl-check-launch-');
let bundles = 0;

/** A stand-in check bundle whose command exits with the code given as its first argument. */
function bundle(): string {
  const file = join(dir, `bundle-${bundles++}.cjs`);
  writeFileSync(file, `exports.checkCommand = async (argv) => Number(argv[0]);\n// ${file}\n`);
  return file;
}

async function cacheFilesAfter(argv: string[]): Promise<string[]> {
  const cache = join(dir, `cache-${bundles}`);
  const code = await withEnv({ FAULTLINE_CACHE_DIR: cache }, () => bundledCheckCommand(bundle())(argv, captureIo()));
  assert.is(code, Number(argv[0]));
  return readdirSync(cache).filter((f) => f.endsWith('.v8'));
}

test('a run that checked files writes the code cache; help and bad usage, which compile little, do not', async () => {
  assert.is((await cacheFilesAfter(['0', 'a.edn'])).length, 1);
  assert.is((await cacheFilesAfter(['1', 'a.edn'])).length, 1);
  assert.is((await cacheFilesAfter(['3', 'a.edn'])).length, 1);
  assert.is((await cacheFilesAfter(['2', '--model'])).length, 0);
  assert.is((await cacheFilesAfter(['0', '--help'])).length, 0);
  assert.is((await cacheFilesAfter(['0', '-h'])).length, 0);
});

test.run();
