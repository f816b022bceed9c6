import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEnv } from '../testing/env.test-util.js';
import { cachedBundle } from './bundle-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-bundle-cache-'));
const sources = join(dir, 'src');
mkdirSync(sources);
const source = join(sources, 'model.ts');
const old = (path: string): void => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
let builds = 0;
const build = async (): Promise<{ contents: Uint8Array; inputs: string[] }> => {
  builds++;
  return { contents: new TextEncoder().encode(`// built ${builds}`), inputs: [source, '<stdin>'] };
};
const fallback = (): string => join(dir, `fresh-${builds}.mjs`);

test.before(() => { process.env.FAULTLINE_CACHE_DIR = join(dir, 'cache'); });
test.after(() => {
  delete process.env.FAULTLINE_CACHE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

test('a bundle is reused while its inputs are unchanged, and made again once one changes', async () => {
  writeFileSync(source, 'export const a = 1;');
  old(source);
  const first = await cachedBundle('key-1', 'worker', fallback, build);
  assert.is(await cachedBundle('key-1', 'worker', fallback, build), first);
  assert.is(builds, 1);
  writeFileSync(source, 'export const a = 2;');
  old(source);
  await cachedBundle('key-1', 'worker', fallback, build);
  assert.is(builds, 2, 'an edited input is rebundled');
  await cachedBundle('key-2', 'worker', fallback, build);
  assert.is(builds, 3, 'another key is another bundle');
});

test('an input edited while it was bundled is not trusted: the next use bundles again', async () => {
  writeFileSync(source, 'export const a = 3;'); // modified just now
  const before = builds;
  await cachedBundle('key-3', 'worker', fallback, build);
  await cachedBundle('key-3', 'worker', fallback, build);
  assert.is(builds, before + 2);
});

test('an entry unused for a week is removed when another is made; a reused one is kept', async () => {
  writeFileSync(source, 'export const a = 4;');
  old(source);
  const stale = await cachedBundle('key-stale', 'worker', fallback, build);
  const used = await cachedBundle('key-used', 'worker', fallback, build);
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
  utimesSync(stale, weekAgo, weekAgo);
  utimesSync(used, weekAgo, weekAgo);
  assert.is(await cachedBundle('key-used', 'worker', fallback, build), used, 'reused (and so marked used)');
  await cachedBundle('key-new', 'worker', fallback, build);
  assert.not.ok(existsSync(stale), 'the stale entry is gone');
  assert.ok(existsSync(used), 'the reused entry stays');
});

test('a file added beside an input (it could now win the resolution) makes the bundle again', async () => {
  writeFileSync(source, 'export const a = 5;');
  old(source);
  await cachedBundle('key-folder', 'worker', fallback, build);
  const before = builds;
  await cachedBundle('key-folder', 'worker', fallback, build);
  assert.is(builds, before, 'reused');
  writeFileSync(join(sources, 'model.js'), '');
  await cachedBundle('key-folder', 'worker', fallback, build);
  assert.is(builds, before + 1);
});

test('pruning removes only the cache\'s own entries', async () => {
  const cache = join(dir, 'cache');
  const mine = join(cache, 'notes.mjs');
  writeFileSync(mine, '');
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
  utimesSync(mine, weekAgo, weekAgo);
  await cachedBundle('key-prune', 'worker', fallback, build);
  assert.ok(existsSync(mine));
});

test('the default folder under the temporary one is made private to its user', async () => {
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const shared = join(tmp, `faultline-cache-${uid}`);
  mkdirSync(shared, { mode: 0o755 });
  await withEnv({ TMPDIR: tmp, FAULTLINE_CACHE_DIR: undefined }, async () => {
    const path = await cachedBundle('key-private', 'worker', fallback, build);
    assert.ok(path.startsWith(shared), path);
    assert.is(statSync(shared).mode & 0o777, 0o700);
  });
});

test('a cache folder that cannot be made: bundles are made afresh where the fallback says', async () => {
  writeFileSync(join(dir, 'a-file'), '');
  await withEnv({ FAULTLINE_CACHE_DIR: join(dir, 'a-file', 'cache') }, async () => {
    const path = await cachedBundle('key-1', 'worker', fallback, build);
    assert.ok(path.startsWith(join(dir, 'fresh-')), path);
  });
});

test.run();
