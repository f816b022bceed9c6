/**
 * bin/faultline.cjs, the installed command, in front of a dist/ that is incomplete or fails to load: the
 * stand-in dist files below say which of them the bin ran (package.test.ts runs the real build).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir } from '../testing/scratch.test-util.js';

const BIN = fileURLToPath(new URL('../../bin/faultline.cjs', import.meta.url));

/** A checkout with the real bin and the given files in dist/harness/cli. */
function checkout(files: Record<string, string>): string {
  const root = scratchDir('faultline-bin-');
  mkdirSync(join(root, 'bin'));
  copyFileSync(BIN, join(root, 'bin', 'faultline.cjs'));
  const cli = join(root, 'dist', 'harness', 'cli');
  mkdirSync(cli, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cli, name), text);
  return root;
}

function faultline(root: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(root, 'bin', 'faultline.cjs'), ...args], { encoding: 'utf8' });
}

const CLI = "console.log('cli.js ran: ' + process.argv.slice(2).join(' '));\n";
const LAUNCHER = "exports.runCheckProcess = (argv) => console.log('launcher ran: ' + argv.join(' '));\n";
const COMMAND_BUNDLE = '// the check command\n';

test('the bin runs check through the launcher bundle, and every other command through cli.js', () => {
  const root = checkout({ 'cli.js': CLI, 'check-launch.bundle.cjs': LAUNCHER, 'check-command.bundle.cjs': COMMAND_BUNDLE });
  assert.is(faultline(root, 'check', '--json', 'h.edn').stdout, 'launcher ran: --json h.edn\n');
  assert.is(faultline(root, 'list', 'smoke').stdout, 'cli.js ran: list smoke\n');
});

test('without the check bundle the launcher would load, check runs through cli.js (which has its fallback)', () => {
  const root = checkout({ 'cli.js': CLI, 'check-launch.bundle.cjs': LAUNCHER });
  const r = faultline(root, 'check', 'h.edn');
  assert.is(r.stdout, 'cli.js ran: check h.edn\n', r.stderr);
});

test('a dist/ that throws while loading: "internal error", exit 3, as main reports a command that threw', () => {
  const broken = "throw new Error('broken build');\n";
  for (const [files, args, prefix] of [
    [{ 'cli.js': CLI, 'check-launch.bundle.cjs': broken, 'check-command.bundle.cjs': COMMAND_BUNDLE }, ['check', 'h.edn'], 'faultline check'],
    [{ 'cli.js': broken }, ['list'], 'faultline'],
  ] as const) {
    const r = faultline(checkout(files), ...args);
    assert.is(r.status, 3, r.stderr);
    assert.ok(r.stderr.startsWith(`${prefix}: internal error (please report): Error: broken build\n    at `), r.stderr);
  }
});

test('no dist/: the bin says to build it, exit 2', () => {
  const root = checkout({});
  rmSync(join(root, 'dist'), { recursive: true });
  const r = faultline(root, 'check');
  assert.is(r.status, 2);
  assert.match(r.stderr, /dist\/ is missing; run `npm run build`/);
});

test.run();
