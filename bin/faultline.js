#!/usr/bin/env node
// The installed `faultline` command: the built CLI (`npm run build` writes dist/; `npm ci` runs it here).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/harness/cli/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('faultline: dist/ is missing; run `npm run build` in the faultline checkout');
  process.exit(2);
}
await import(cli.href);
