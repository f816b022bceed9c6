/**
 * Proof that faultline works as an installed package: pack it, install the tarball into a fresh project, and
 * use it there as a user would (the example project in fixtures/user-project: the README's samples): type-check with strict flags
 * on TypeScript 5 and on the project's own TypeScript, run the scenarios through the CLI (a violation found,
 * shrunk and replayed from the file alone), lint the models, and assert the scenarios under node:test and vitest.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'faultline-package-'));
const project = join(work, 'project');

function sh(cwd: string, command: string, args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env }, timeout: 300_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function ok(cwd: string, command: string, args: string[]): string {
  const r = sh(cwd, command, args);
  assert.is(r.status, 0, `${command} ${args.join(' ')} exited ${r.status}:\n${r.out}`);
  return r.out;
}

test.before(() => {
  ok(ROOT, 'npm', ['pack', '--pack-destination', work, '--silent']);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  cpSync(join(ROOT, 'fixtures', 'user-project'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  // The tarball's dependencies, @types/node, tsx and vitest (to run the test files) come from npm's cache after `npm ci`.
  ok(project, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(work, tarball), '@types/node@20', 'tsx', 'vitest@3']);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test('the package holds only what users need', () => {
  const listing = ok(ROOT, 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  assert.ok(files.includes('dist/harness/index.js') && files.includes('dist/harness/index.d.ts') && files.includes('bin/faultline.cjs'));
  assert.ok(files.includes('LICENSE') && files.includes('dist/reports/html/client.js'));
  // The real-client catalogue's entry modules are bundled into their processes at run time, from source.
  const stray = files.filter((f) => /\.test(-util)?\.|^fixtures\/|^harness\/|^models\/|^scenarios\/|\.map$/.test(f) && !/^scenarios\/real-[a-z]+\/lock-client\.js$/.test(f));
  assert.equal(stray, [], 'no sources, tests, fixtures or source maps');
  assert.ok(files.includes('scenarios/real-redlock/lock-client.js') && files.includes('scenarios/real-zookeeper/lock-client.js'));
});

test('a user project type-checks against the package with strict flags, on TypeScript 5 and the project\'s own', () => {
  ok(project, process.execPath, [join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  ok(project, process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
});

test('the README\'s commands run as written: the config\'s scenarios, a module, a glob and an id, the replay it names, the lint', () => {
  const section = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n## Use it in your own repository\n')[1]!.split('\n## ')[0]!;
  const block = /```sh\n(npx faultline run +#[\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  assert.ok(lines.length >= 4 && lines.some((l) => l.startsWith('npx faultline replay ')), `the README's command block:\n${block}`);
  const outputs = lines.map((line) => ok(project, 'sh', ['-c', line]));
  assert.match(outputs[0]!, /register\/backup-reads: expect violation; .*violation found/);
  assert.match(outputs[0]!, /register\/primary-reads: expect pass; 30 pass/);
  assert.match(outputs.find((o, i) => lines[i]!.startsWith('npx faultline replay '))!, /reproduced: trace hash/);
});

test('a replay file moved with its project replays from another folder with no flag', () => {
  const shrunk = readdirSync(join(project, 'faultline-out', 'replays')).find((f) => f.endsWith('-shrunk.replay'));
  assert.ok(shrunk, 'a shrunk replay file');
  // The replay file names its scenario module (from the project root).
  const moved = join(work, 'elsewhere');
  cpSync(project, moved, { recursive: true });
  const replay = ok(join(moved, 'sim'), 'npx', ['faultline', 'replay', join(moved, 'faultline-out', 'replays', shrunk), '--out', join(work, 'replay-out')]);
  assert.match(replay, /reproduced: trace hash/);
  assert.not.match(replay, /changed since/);
});

test('faultline lint checks the modules the config\'s scenarios import, and names a forbidden call', () => {
  assert.match(ok(project, 'npx', ['faultline', 'lint']), /2 files clean/);
  writeFileSync(join(project, 'sim', 'clock.ts'), 'export const now = () => Date.now();\n');
  const bad = sh(project, 'npx', ['faultline', 'lint', 'sim']);
  assert.is(bad.status, 1, bad.out);
  assert.match(bad.out, /sim\/clock\.ts:1:\d+ +Date\.now\(\)/);
  rmSync(join(project, 'sim', 'clock.ts'));
});

test('faultline check runs from its one-file bundle: verdicts as from the sources, bad usage exits 2 naming the flag', () => {
  const bundle = join(project, 'node_modules', 'faultline', 'dist', 'harness', 'cli', 'check-command.bundle.cjs');
  assert.ok(readdirSync(dirname(bundle)).includes('check-command.bundle.cjs'), 'the build bundles the check command');
  const files = ['c01-ok.txt', 'c01-bad.txt'].map((f) => join(ROOT, 'fixtures', 'porcupine', 'kv', f));
  // The bundle, not the separate modules, ran: it leaves its V8 code cache in the cache folder.
  const cache = join(work, 'check-cache');
  // And it ran without Node's ESM loader, whose start-up costs a short check more than its own modules.
  const probe = join(work, 'esm-probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`ESM loader used: ${process.moduleLoadList.includes('NativeModule internal/modules/esm/module_job')}\\n`));\n");
  const installed = join(project, 'node_modules', '.bin', 'faultline');
  const r = sh(project, process.execPath, ['--require', probe, installed, 'check', '--model', 'kv', '--format', 'porcupine-kv', ...files], { FAULTLINE_CACHE_DIR: cache });
  assert.is(r.status, 1, r.out);
  assert.match(r.out, /c01-ok\.txt: linearizable[\s\S]*c01-bad\.txt: not-linearizable/);
  assert.ok(readdirSync(cache).some((f) => /^code-[0-9a-f]{16}\.v8$/.test(f)), 'a code cache written by the bundled check command');
  assert.match(r.out, /ESM loader used: false\n$/);
  const other = sh(project, process.execPath, ['--require', probe, installed, '--version']);
  assert.match(other.out, /ESM loader used: true\n$/, 'the probe tells the two apart');
  const bad = sh(project, 'npx', ['faultline', 'check', '--model', 'kv', '--format', 'porcupine-kv', '--budget-ms=-1', files[0]!]);
  assert.is(bad.status, 2, bad.out);
  assert.match(bad.out, /faultline check: --budget-ms must be a positive number/);
  assert.not.match(bad.out, /internal error|\n\s+at /);
});

test('assertScenario works under node:test: two scenarios at once pass, a misjudged one fails with its story', () => {
  const r = sh(project, process.execPath, ['--import', 'tsx', '--test', 'test/register.test.ts', 'test/misjudged.test.ts']);
  assert.is(r.status, 0, r.out);
  assert.match(r.out, /# pass 2/);
});

test('assertScenario works under vitest, two at once, and leaves its fake timers alone', () => {
  const r = sh(project, 'npx', ['vitest', 'run', 'vitest/']);
  assert.is(r.status, 0, r.out);
  assert.match(r.out, /2 passed/);
});

test('real clients: without their libraries a run names them; with them the catalogue and the README\'s own redlock scenario find two holders', () => {
  // A folder of the project with no config of its own offers the catalogue.
  const catalogue = join(project, 'catalogue');
  mkdirSync(catalogue);
  writeFileSync(join(catalogue, 'faultline.config.mjs'), 'export default {};\n');
  const missing = sh(catalogue, 'npx', ['faultline', 'run', 'real-redlock/safe', '--seeds', '1', '--quiet', '--no-shrink', '--out', join(work, 'real-missing')]);
  assert.is(missing.status, 1, missing.out);
  assert.match(missing.out, /Could not resolve "ioredis"/);
  assert.match(missing.out, /npm install --save-dev ioredis redlock/);
  ok(project, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', 'ioredis@6.1.0', 'redlock@5.0.0-beta.2']);
  const found = ok(catalogue, 'npx', ['faultline', 'run', 'real-redlock/clock-jump', '--seeds', '6', '--workers', '2', '--quiet', '--no-shrink', '--out', join(work, 'real-found')]);
  assert.match(found, /real-redlock\/clock-jump: expect violation; .*violation found at seed/);
  // The README's sample: a TypeScript scenario module whose real process is the lock-client.js beside it.
  const own = ok(project, 'npx', ['faultline', 'run', './real/redlock.scenario.ts', '--workers', '2', '--quiet', '--no-shrink', '--out', join(work, 'real-own')]);
  assert.match(own, /real\/redlock-no-persistence: expect violation; .*violation found at seed 1/);
});

test.run();
