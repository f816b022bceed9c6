#!/usr/bin/env node
// The installed `faultline` command: the built CLI (`npm run build` writes dist/; `npm ci` runs it here).
// CommonJS, so that `faultline check` runs its bundle without starting Node's ESM loader (check-launch.ts).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = join(__dirname, '..', 'dist', 'harness', 'cli');
const checkLauncher = join(dist, 'check-launch.bundle.cjs');
if (!existsSync(join(dist, 'cli.js'))) {
  console.error('faultline: dist/ is missing; run `npm run build` in the faultline checkout');
  process.exit(2);
} else if (process.argv[2] === 'check' && existsSync(checkLauncher)) {
  require(checkLauncher).runCheckProcess(process.argv.slice(3));
} else {
  import(pathToFileURL(join(dist, 'cli.js')).href);
}
