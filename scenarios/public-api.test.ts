/**
 * The built-in catalogue is written the way users write theirs: its models and scenarios import faultline only
 * through the public entry points (`harness/index.ts` is `faultline`, `harness/real/index.ts` is `faultline/real`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC = /^(?:\.\.\/)+harness\/(?:index|real\/index)\.js$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.test(-util)?\.ts$/.test(e.name) ? [path] : [];
  });
}

test('models and scenarios import the harness only through its public entry points', () => {
  const deep: string[] = [];
  for (const file of [...sources(join(ROOT, 'models')), ...sources(join(ROOT, 'scenarios'))]) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+harness\/[^']+)'/g)) {
      if (!PUBLIC.test(spec!)) deep.push(`${relative(ROOT, file)}: ${spec}`);
    }
  }
  assert.equal(deep, []);
});

test.run();
