import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realProcess, RealBundleError } from './index.js';
import { scratchDir } from '../testing/scratch.test-util.js';

test('an entry importing packages that are not installed: the error names each and the install command', () => {
  const entry = join(scratchDir('fl-bundle-'), 'client.js');
  writeFileSync(entry, "import a from 'not-installed-anywhere/sub/path';\nimport b from '@nowhere/client';\nconsole.log(a, b);\n");
  const error = (() => { try { realProcess(entry); return null; } catch (e) { return e; } })();
  assert.instance(error, RealBundleError);
  assert.match(String(error), `real process ${entry}: cannot bundle`);
  assert.match(String(error), /client\.js:1:\d+: Could not resolve "not-installed-anywhere\/sub\/path"/);
  assert.match(String(error), 'npm install --save-dev not-installed-anywhere @nowhere/client');
});

test('an entry with a top-level await: the error says where and how to wrap it', () => {
  const entry = join(scratchDir('fl-bundle-'), 'client.js');
  writeFileSync(entry, "import { stopping } from 'faultline/real';\nwhile (!stopping()) await Promise.resolve();\n");
  const error = (() => { try { realProcess(entry); return null; } catch (e) { return e; } })();
  assert.instance(error, RealBundleError);
  assert.match(String(error), /client\.js:2:\d+: Top-level await/);
  assert.match(String(error), 'move the top-level awaits into an async function');
});

test('an entry that imports faultline/real and installed packages bundles', () => {
  const entry = join(scratchDir('fl-bundle-'), 'client.js');
  writeFileSync(entry, "import { invoke } from 'faultline/real';\nimport net from 'node:net';\nconsole.log(typeof invoke, typeof net);\n");
  assert.type(realProcess(entry), 'function');
});

test.run();
