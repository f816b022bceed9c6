/**
 * CI-grade robustness of the CLI: artifacts that cannot be written, corrupt replay files, summaries that
 * agree with exit codes, interrupts, strict merges of every shard, one run per --out directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeReplay, encodeReplay } from '../run/replay-file.js';
import type { ResultsFile } from '../run/results-file.js';
import { captureIo } from './io.js';
import { main } from './main.js';
import { LOCK_NAME } from './out-lock.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULE = join(ROOT, 'harness/run/test-scenarios.test-util.ts');
const FIXTURE = join(ROOT, 'fixtures/regressions/examples__primary-backup-seed3-shrunk.replay');
const tmp = scratchDir('faultline-robust-');

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n'), all: [...io.stdout, ...io.stderr].join('\n') };
}

function json(out: string): ResultsFile {
  return JSON.parse(out.split('\n').at(-1) ?? '') as ResultsFile;
}

/** A stack frame (`at fn (file.ts:1:2)`), not a fault's time (`at 0.1 s: heal`). */
const NO_STACK = /\n\s+at \S.*:\d+:\d+|internal error/;
const quick = ['--seeds', '2', '--workers', '1', '--quiet'];

test('--out a file, a path under a file, /proc and --junit a directory: exit 2 before any run, naming the path', async () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'x');
  const cases: [string[], RegExp][] = [
    [['--out', file], /--out: cannot write .*a-file: is a file, not a directory/],
    [['--out', join(file, 'sub')], /--out: cannot write .*a-file\/sub: a parent is a file, not a directory \(ENOTDIR\)/],
    [['--out', '/proc/faultline-x'], /--out: cannot write \/proc\/faultline-x: .*ENOENT/],
    [['--out', join(tmp, 'ok-out'), '--junit', tmp], /--junit: cannot write .*: is a directory, not a file/],
  ];
  for (const [flags, expected] of cases) {
    const started = performance.now();
    const r = await cli('run', 'examples/quorum-set', ...quick, ...flags);
    assert.is(r.code, 2, `${flags.join(' ')}: ${r.all}`);
    assert.match(r.err, expected);
    assert.not.match(r.all, /results:|runs made/);
    assert.not.match(r.err, NO_STACK);
    assert.ok(performance.now() - started < 2000, 'checked before any work');
  }
});

test('a replay file that cannot be written mid-run: exit 2 naming it, no "results:" claim for it, no temp files left', async () => {
  const out = join(tmp, 'replays-blocked');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'replays'), 'not a directory');
  const r = await cli('run', 'examples/primary-backup', '--seeds', '4', '--workers', '1', '--quiet', '--no-shrink', '--out', out);
  assert.is(r.code, 2, r.all);
  assert.match(r.out.split('\n')[0] ?? '', /ARTIFACTS NOT WRITTEN \(exit 2\)/);
  assert.match(r.err, /cannot write .*replays\/examples__primary-backup-seed3\.replay: .*replays: is a file, not a directory/);
  assert.not.ok(readdirSync(out).some((f) => f.includes('.tmp-')));
});

test('a replay config that does not fit the scenario exits 2 naming the field; it never reaches the model', async () => {
  const valid = decodeReplay(readFileSync(FIXTURE));
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ heartbeatMs: 'x', failoverAfterMs: 100 }, /config\.heartbeatMs should be a positive integer, got "x"/],
    [{ heartbeatMs: 0, failoverAfterMs: 100 }, /config\.heartbeatMs should be a positive integer, got 0/],
    [{ heartbeatMs: 20, failoverAfterMs: null }, /config\.failoverAfterMs should be a positive integer, got null/],
    [{ heartbeatMs: 20, failoverAfterMs: 100, extra: 1 }, /config\.extra is not a field of this scenario's config/],
  ];
  for (const [config, expected] of cases) {
    const file = join(tmp, 'bad-config.replay');
    writeFileSync(file, encodeReplay({ ...valid, config }));
    const r = await cli('replay', file, '--out', join(tmp, 'bad-config-out'));
    assert.is(r.code, 2, r.all);
    assert.match(r.err, expected);
    assert.ok(r.err.includes(file));
    assert.not.match(r.all, NO_STACK);
  }
});

test('fuzz: byte mutations of a real replay file exit 2 or give a clean verdict, never a stack or an internal error', async () => {
  const bytes = readFileSync(FIXTURE);
  const file = join(tmp, 'mutated.replay');
  const seen = new Set<number>();
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({ at: fc.nat({ max: bytes.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 3 }),
    async (mutations) => {
      const copy = Uint8Array.from(bytes);
      for (const m of mutations) copy[m.at] = m.byte;
      writeFileSync(file, copy);
      const r = await cli('replay', file, '--out', join(tmp, 'fuzz-out'));
      seen.add(r.code);
      assert.ok([0, 1, 2].includes(r.code), `exit ${r.code}: ${r.all}`);
      assert.not.match(r.all, NO_STACK);
      if (r.code !== 2) assert.match(r.out.split('\n').find((l) => l.startsWith('faultline replay')) ?? '', new RegExp(`\\(exit ${r.code}\\)`));
    },
  ), { numRuns: 40, seed: 14 });
  assert.ok(seen.has(2), 'some mutations are rejected');
});

test('replay: a failing check is told once (in the summary); a file that cannot be replayed exits 2 before --out is made', async () => {
  const told = await cli('replay', FIXTURE, '--out', join(tmp, 'told-once'));
  assert.is(told.code, 0, told.all);
  assert.match(told.out, /acknowledged adds survive: VIOLATED \(below\)/);
  assert.is(told.out.split('missing from the final read').length, 2, told.out);
  const file = join(tmp, 'lost-module.replay');
  writeFileSync(file, encodeReplay({ ...decodeReplay(readFileSync(FIXTURE)), scenario: 'mine/gone', module: { path: 'sim/nowhere.scenario.ts', hash: '0000000000000000' } }));
  const out = join(tmp, 'never-made');
  const lost = await cli('replay', file, '--out', out);
  assert.is(lost.code, 2, lost.all);
  assert.match(lost.err, /its scenario module sim\/nowhere\.scenario\.ts is in neither .* or pass --scenario-module/);
  assert.not.ok(existsSync(out), '--out is not made for a replay that never ran');
});

test('a failing seed of a user\'s module without a replay file: its re-run command names the module, and re-runs it', async () => {
  const module = join(tmp, 'build-throws.scenario.ts');
  writeFileSync(module, `import { defineScenario } from 'faultline';\nimport { quorumSet } from ${JSON.stringify(join(ROOT, 'scenarios/examples/quorum-set.ts'))};\nexport const s = defineScenario({ ...quorumSet, id: 'mine/build-throws', build: () => { throw new Error('no build'); } });\n`);
  const first = await cli('run', module, ...quick, '--out', join(tmp, 'rerun-1'));
  assert.is(first.code, 1, first.all);
  const command = /replay: (npx faultline run .*)/.exec(first.out)?.[1] ?? '';
  assert.is(command, `npx faultline run mine/build-throws --scenario-module ${module} --seed 1 --seeds 1`);
  const again = await cli(...command.split(' ').slice(2), '--quiet', '--out', join(tmp, 'rerun-2'));
  assert.match(again.out, /mine\/build-throws: expect pass; 0 pass, 0 violation, 0 unknown, 1 error/);
  assert.match(again.out, /no build/);
});

test('a replay whose trace hash does not match exits 1, and its summary says FAILED (exit 1)', async () => {
  const valid = decodeReplay(readFileSync(FIXTURE));
  const file = join(tmp, 'other-hash.replay');
  writeFileSync(file, encodeReplay({ ...valid, traceHash: '0000000000000000' }));
  const r = await cli('replay', file, '--out', join(tmp, 'other-hash-out'));
  assert.is(r.code, 1, r.all);
  assert.match(r.out, /NOT reproduced: trace hash/);
  assert.match(r.out, /FAILED \(exit 1\)/);
  assert.not.match(r.out, /as expected \(exit 0\)/);
});

test('SIGINT: exit 3 "interrupted", only scenarios that ran summarised, results.json and report.html say so', async () => {
  const out = join(tmp, 'interrupted');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'harness/cli/cli.ts'), 'run', 'examples/quorum-set', 'smoke', '--seeds', '400', '--workers', '1', '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (/progress: /.test(stderr) && child.exitCode === null && !child.killed) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.is(code, 3, stdout + stderr);
  assert.match(stderr, /interrupted \(SIGINT\)/);
  assert.match(stdout.split('\n')[0] ?? '', /\(interrupted\): UNKNOWN \(exit 3\)/);
  assert.not.match(stdout, /UNMET|FAIL /);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as ResultsFile;
  assert.is(results.summary.interrupted, true);
  assert.is(results.summary.exitCode, 3);
  assert.equal(results.scenarios.map((s) => s.id), ['examples/primary-backup'], 'only the scenario that ran (the first, with 400 seeds)');
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /\(interrupted\)/);
  assert.not.ok(existsSync(join(out, LOCK_NAME)), 'lock released');
});

test('a reader that goes away (faultline replay ... | head): no EPIPE stack; the artifacts are written and the exit code is the replay\'s', async () => {
  const out = join(tmp, 'closed-stdout');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'harness/cli/cli.ts'), 'replay', FIXTURE, '--out', out], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  child.stdout.destroy(); // the reader is gone before the first line
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.not.match(stderr, /EPIPE|Unhandled 'error' event/);
  assert.is(code, 0, stderr);
  assert.ok(existsSync(join(out, 'results.json')) && existsSync(join(out, 'report.html')));
});

test('shards leave expect-violation decisions and coverage to merge; a pass scenario\'s violation fails its shard', async () => {
  const shard = (i: number) => cli('run', 'examples/primary-backup', '--seeds', '4', '--workers', '1', '--quiet', '--json', '--shard', `${i}/2`, '--out', join(tmp, `pb-shard${i}`));
  const [one, two] = [await shard(1), await shard(2)];
  assert.is(one.code, 0, one.all);
  assert.is(two.code, 0, `seeds 2 and 4 hold no violation: merge decides. ${two.all}`);
  assert.is(json(two.out).summary.scenarios[0]?.status, 'undecided');
  assert.match(two.err, /\.\.\s+examples\/primary-backup: .*\n.*faultline merge decides/);
  assert.match(readFileSync(join(tmp, 'pb-shard2', 'report.html'), 'utf8'), /undecided/);
  // Shards do not shrink: merge shrinks the deciding finding, once.
  assert.not.ok(readdirSync(join(tmp, 'pb-shard1', 'replays')).some((f) => f.endsWith('-shrunk.replay')));
  const unsafe = await cli('run', 'test/unsafe-expected-safe', '--seeds', '4', '--workers', '1', '--quiet', '--shard', '1/2', '--scenario-module', MODULE, '--out', join(tmp, 'unsafe-shard'));
  assert.is(unsafe.code, 1, unsafe.all);
});

test('merge: every shard of one n, from any directory, shrinking the deciding finding once', async () => {
  const only = await cli('merge', join(tmp, 'pb-shard1'), '--out', join(tmp, 'm-only'));
  assert.is(only.code, 2, only.all);
  assert.match(only.err, /missing shard 2 of 2: merge needs every shard 1\.\.2/);
  const partial = await cli('merge', join(tmp, 'pb-shard1'), '--allow-partial', '--out', join(tmp, 'm-partial'), '--no-shrink');
  assert.is(partial.code, 3, partial.all);
  assert.match(partial.out.split('\n')[0] ?? '', /partial: 1 of 2 shards, missing 2.*UNKNOWN \(exit 3\)/);
  const twice = await cli('merge', join(tmp, 'pb-shard1'), join(tmp, 'pb-shard1', 'results.json'), '--out', join(tmp, 'm-twice'));
  assert.is(twice.code, 2);
  assert.match(twice.err, /shard 1\/2 given twice/);

  const elsewhere = scratchDir('faultline-elsewhere-');
  const before = process.cwd();
  process.chdir(elsewhere);
  let merged;
  try {
    merged = await cli('merge', join(tmp, 'pb-shard2'), join(tmp, 'pb-shard1'), '--out', 'merged', '--json');
  } finally {
    process.chdir(before);
  }
  assert.is(merged.code, 0, merged.all);
  assert.is(merged.err.match(/shrinking examples\/primary-backup seed 3/g)?.length, 1);
  assert.match(merged.err, /replay: npx faultline replay .*seed3-shrunk\.replay/);
  assert.not.match(merged.err, /not found|no report detail/);
  const m = json(merged.out);
  assert.is(m.summary.scenarios[0]?.status, 'as-expected');
  assert.ok(m.findings[0]?.shrunkReplayFile !== undefined && existsSync(join(elsewhere, 'merged', m.findings[0].shrunkReplayFile)));
  assert.ok(m.findings[0]?.replayFile?.startsWith('../'), 'relative to the merged results.json');
});

test('merge rejects mixed shard counts, invalid verdicts and seeds, naming the file and field', async () => {
  const base = JSON.parse(readFileSync(join(tmp, 'pb-shard1', 'results.json'), 'utf8')) as ResultsFile;
  const write = (name: string, f: unknown): string => {
    const path = join(tmp, name);
    writeFileSync(path, JSON.stringify(f));
    return path;
  };
  const cases: [string[], RegExp][] = [
    [[join(tmp, 'pb-shard1'), write('of3.json', { ...base, shard: { index: 2, count: 3 } })], /mixed shard counts: .* is shard 1\/2, .*of3\.json is shard 2\/3/],
    [[write('verdict.json', { ...base, shard: null, runs: [{ ...base.runs[0], verdict: 'fine' }] })], /verdict\.json: corrupt results file: runs\[0\]\.verdict should be pass, violation, unknown, error, got "fine"/],
    [[write('seed.json', { ...base, shard: null, runs: [{ ...base.runs[0], seed: 1.5 }] })], /seed\.json: corrupt results file: runs\[0\]\.seed should be an integer, got 1\.5/],
    [[write('shard.json', { ...base, shard: { index: 3, count: 2 } })], /shard\.json: corrupt results file: shard should be/],
  ];
  for (const [files, expected] of cases) {
    const r = await cli('merge', ...files, '--out', join(tmp, 'm-bad'));
    assert.is(r.code, 2, r.all);
    assert.match(r.err, expected);
  }
});

test('one run per --out: a second refuses with exit 2 naming the holder; a dead holder\'s lock is taken over', async () => {
  const out = join(tmp, 'locked');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, LOCK_NAME), JSON.stringify({ pid: process.pid, host: hostname(), command: 'faultline run nightly', startedAt: '2026-01-01T00:00:00.000Z' }));
  const r = await cli('run', 'examples/quorum-set', ...quick, '--out', out);
  assert.is(r.code, 2, r.all);
  assert.match(r.err, new RegExp(`in use by another faultline run \\(pid ${process.pid} on .*faultline run nightly\\)`));
  const dead = spawn(process.execPath, ['-e', '']);
  const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
  writeFileSync(join(out, LOCK_NAME), JSON.stringify({ pid: deadPid, host: hostname(), command: 'gone', startedAt: '' }));
  const again = await cli('run', 'examples/quorum-set', ...quick, '--out', out);
  assert.is(again.code, 0, again.all);
  assert.not.ok(existsSync(join(out, LOCK_NAME)));
});

test.run();
