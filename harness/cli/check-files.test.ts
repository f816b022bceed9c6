import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from './main.js';
import { printChecks } from './check-command.js';
import { prepareCheck, type CheckSetup } from './check-file.js';
import type { CheckFilesOptions } from './check-files.js';
import { captureIo } from './io.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const fx = (p: string) => fileURLToPath(new URL(`../../fixtures/porcupine/${p}`, import.meta.url));
const etcd = ['000', '002', '007', '015', '040', '001'].map((n) => fx(`jepsen/etcd_${n}.log`));
const setup = (json: boolean): CheckSetup => ({ model: 'cas-register', format: 'porcupine-etcd', independent: false, budgetMs: 60_000, json });

async function run(files: string[], options: CheckFilesOptions, json = true, base = setup(json)): Promise<{ code: number; out: string[]; err: string[] }> {
  const io = captureIo();
  const code = await printChecks(prepareCheck(base), files, options, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** The output without the times it took. */
const timeless = (lines: string[]): string[] => lines.map((l) => l.replace(/"ms":[0-9.]+/g, '"ms":0').replace(/ops, [0-9.]+ ms\)/g, 'ops)'));

test('files checked by a worker thread print the same lines, in input order, as checked by the main thread alone', async () => {
  for (const json of [true, false]) {
    const serial = await run(etcd, { threads: 1 }, json);
    // The main thread waits while the worker lives: the worker checks every file.
    const worker = await run(etcd, { threads: 2, mainThreadWaits: true }, json);
    const both = await run(etcd, { threads: 2 }, json);
    assert.is(serial.code, 1);
    assert.is(worker.code, serial.code);
    assert.is(both.code, serial.code);
    assert.equal(timeless(worker.out), timeless(serial.out));
    assert.equal(timeless(both.out), timeless(serial.out));
    assert.is(worker.err.length + both.err.length, 0);
  }
});

test('outcomes that complete out of order are printed in input order', async () => {
  // Two workers: the one that takes the first file is busy with it while the other checks the small ones.
  const dir = scratchDir('fl-check-files-');
  const slow = join(dir, 'slow.txt');
  const pair = (k: number) =>
    `{:process 0, :type :invoke, :f :put, :key "a", :value "${k}"}\n{:process 0, :type :ok, :f :put, :key "a", :value "${k}"}\n` +
    `{:process 1, :type :invoke, :f :get, :key "a", :value nil}\n{:process 1, :type :ok, :f :get, :key "a", :value "${k}"}\n`;
  writeFileSync(slow, Array.from({ length: 40_000 }, (_, k) => pair(k)).join(''));
  const files = [slow, fx('kv/c01-ok.txt'), fx('kv/c01-bad.txt'), fx('kv/c10-ok.txt'), fx('kv/c10-bad.txt')];
  const kv: CheckSetup = { model: 'kv', format: 'porcupine-kv', independent: false, budgetMs: 60_000, json: true };
  const serial = await run(files, { threads: 1 }, true, kv);
  const both = await run(files, { threads: 3, mainThreadWaits: true }, true, kv);
  assert.equal(timeless(both.out), timeless(serial.out));
  assert.equal(both.out.map((l) => (JSON.parse(l) as { file: string }).file), files);
});

test('bad input in one file: the files before it, then its error, exit 2, in parallel as alone', async () => {
  const files = [etcd[0]!, etcd[1]!, '/nonexistent/history.log', etcd[2]!];
  const serial = await run(files, { threads: 1 });
  const worker = await run(files, { threads: 2, mainThreadWaits: true });
  assert.is(serial.code, 2);
  assert.is(worker.code, 2);
  assert.is(serial.out.length, 2);
  assert.equal(timeless(worker.out), timeless(serial.out));
  assert.equal(worker.err, serial.err);
  assert.match(worker.err.join('\n'), '/nonexistent/history.log');
});

test('a worker thread that dies: its file is unknown and named, exit 3, and the other files are still checked', async () => {
  // A history too large for the worker's heap: the worker runs out of memory while reading it.
  const dir = scratchDir('fl-check-files-');
  const big = join(dir, 'big.txt');
  const line = '{:process 0, :type :invoke, :f :get, :key "0", :value nil}\n{:process 0, :type :ok, :f :get, :key "0", :value nil}\n';
  writeFileSync(big, line.repeat(200_000));
  const kv: CheckSetup = { model: 'kv', format: 'porcupine-kv', independent: false, budgetMs: 60_000, json: true };
  const files = [big, fx('kv/c01-ok.txt'), fx('kv/c01-bad.txt')];
  const r = await run(files, { threads: 2, mainThreadWaits: true, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } }, true, kv);
  assert.is(r.code, 3);
  const out = r.out.map((l) => JSON.parse(l) as { file: string; verdict: string; error?: string });
  assert.equal(
    out.map((o) => [o.file, o.verdict]),
    [
      [big, 'unknown'],
      [files[1], 'linearizable'],
      [files[2], 'not-linearizable'],
    ],
  );
  assert.match(out[0]!.error!, /worker thread checking it died/);
  assert.match(r.err.join('\n'), `${big}: the worker thread checking it died`);
});

test('--workers on the command line: the same lines in the same order; a count that is not a whole positive number is exit 2', async () => {
  const args = ['check', '--model', 'cas-register', '--format', 'porcupine-etcd', '--json', ...etcd.slice(0, 3)];
  const one = captureIo();
  const two = captureIo();
  assert.is(await main([...args, '--workers', '1'], one), 1);
  assert.is(await main([...args, '--workers', '2'], two), 1);
  assert.equal(timeless(two.stdout), timeless(one.stdout));
  for (const bad of ['0', '1.5', 'many']) {
    const io = captureIo();
    assert.is(await main([...args, '--workers', bad], io), 2);
    assert.match(io.stderr.join('\n'), /--workers must be/);
  }
});

test.run();
