import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureIo, main } from './main.js';

const fx = (p: string) => fileURLToPath(new URL(`../../fixtures/porcupine/${p}`, import.meta.url));
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['check', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('exit 0 on linearizable, 1 on violation, json lines', async () => {
  assert.is((await run(['--model', 'cas-register', '--format', 'porcupine-etcd', fx('jepsen/etcd_002.log')])).code, 0);
  const bad = await run(['--model', 'kv', '--format', 'porcupine-kv', '--json', fx('kv/c01-ok.txt'), fx('kv/c01-bad.txt')]);
  assert.is(bad.code, 1);
  const lines = bad.out.split('\n').map((l) => JSON.parse(l));
  assert.is(lines.length, 2);
  assert.is(lines[0].verdict, 'linearizable');
  assert.is(lines[1].verdict, 'not-linearizable');
  assert.ok(typeof lines[1].ms === 'number' && lines[1].ops > 0);
});

test('exit 3 on unknown', async () => {
  const r = await run(['--model', 'kv-map', '--format', 'porcupine-kv', '--budget-ms', '30', fx('kv/c50-bad.txt')]);
  assert.is(r.code, 3);
  assert.match(r.out, /unknown/);
});

test('exit 2 on bad usage and bad input, with helpful messages', async () => {
  let r = await run(['--model', 'nope', '--format', 'edn', 'x']);
  assert.is(r.code, 2);
  assert.match(r.err, /cas-register/);
  r = await run(['--model', 'register', '--format', 'csv', 'x']);
  assert.is(r.code, 2);
  assert.match(r.err, /porcupine-etcd/);
  r = await run(['--bogus']);
  assert.is(r.code, 2);
  r = await run(['--model', 'register', '--format', 'jsonl', '/nonexistent/file']);
  assert.is(r.code, 2);
  assert.match(r.err, /nonexistent/);
  const dir = mkdtempSync(join(tmpdir(), 'fl-check-'));
  const f = join(dir, 'h.jsonl');
  writeFileSync(f, '{"process":0,"type":"invoke","f":"read","value":null}\n{oops\n');
  r = await run(['--model', 'register', '--format', 'jsonl', f]);
  assert.is(r.code, 2);
  assert.match(r.err, `${f}:2:`);
  assert.not.match(r.err, /at .*\.ts:\d+/);
  assert.is((await run(['--help'])).code, 0);
});

test.run();
