#!/usr/bin/env node
// The installed `faultline` command: the built CLI (`npm run build` writes dist/; `npm ci` runs it here).
// CommonJS, so that `faultline check` runs its bundle without starting Node's ESM loader (check-launch.ts).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = join(__dirname, '..', 'dist', 'harness', 'cli');
const checkLauncher = join(dist, 'check-launch.bundle.cjs');

/** A dist/ that throws while loading, reported as main.ts reports a command that threw (command-failure.ts). */
function internalError(command, error) {
  console.error(`${command}: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 3;
}

if (!existsSync(join(dist, 'cli.js'))) {
  console.error('faultline: dist/ is missing; run `npm run build` in the faultline checkout');
  process.exit(2);
} else if (process.argv[2] === 'check' && existsSync(checkLauncher) && existsSync(join(dist, 'check-command.bundle.cjs'))) {
  let launcher;
  try {
    launcher = require(checkLauncher);
  } catch (error) {
    internalError('faultline check', error);
  }
  launcher?.runCheckProcess(process.argv.slice(3));
} else {
  // Without the bundles (an older build), main.ts loads the check command from its modules.
  import(pathToFileURL(join(dist, 'cli.js')).href).catch((error) => internalError('faultline', error));
}
