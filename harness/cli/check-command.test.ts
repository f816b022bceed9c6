import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureIo, main } from './main.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const fx = (p: string) => fileURLToPath(new URL(`../../fixtures/porcupine/${p}`, import.meta.url));
const jepsen = (p: string) => fileURLToPath(new URL(`../../fixtures/jepsen/${p}`, import.meta.url));
const tmp = (name: string, text: string): string => {
  const f = join(scratchDir('fl-check-'), name);
  writeFileSync(f, text);
  return f;
};
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
  // A linearizable history is only decided by a whole search (about 270 ms here, as one map); a violation
  // can be decided early, so a faster machine would find it within a small budget.
  const r = await run(['--model', 'kv-map', '--format', 'porcupine-kv', '--budget-ms', '1', fx('kv/c50-ok.txt')]);
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
  const dir = scratchDir('fl-check-');
  const f = join(dir, 'h.jsonl');
  writeFileSync(f, '{"process":0,"type":"invoke","f":"read","value":null}\n{oops\n');
  r = await run(['--model', 'register', '--format', 'jsonl', f]);
  assert.is(r.code, 2);
  assert.match(r.err, `${f}:2:`);
  assert.not.match(r.err, /at .*\.ts:\d+/);
  assert.is((await run(['--help'])).code, 0);
});

test('Jepsen-style fixtures get their known verdicts (fixtures/jepsen/expected.tsv), both ways', async () => {
  const rows = readFileSync(jepsen('expected.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const seen = new Set<string>();
  for (const [file, model, initial, linearizable] of rows as [string, string, string, string][]) {
    const r = await run(['--model', model, '--format', 'edn', ...(initial === '-' ? [] : ['--initial', initial]), jepsen(file)]);
    assert.is(r.code, linearizable === 'true' ? 0 : 1, `${file} ${r.out} ${r.err}`);
    seen.add(linearizable);
  }
  assert.equal([...seen].sort(), ['false', 'true']);
});

test('--initial takes JSON or EDN; the explanation states the initial value and the completion rules', async () => {
  const json = await run(['--model', 'multi-register', '--format', 'edn', '--initial', '{"x": 0, "y": 0}', '--json', jepsen('txn-lost-write.edn')]);
  const edn = await run(['--model', 'multi-register', '--format', 'edn', '--initial', '{:x 0 :y 0}', '--json', jepsen('txn-lost-write.edn')]);
  assert.is(json.code, 1);
  const line = JSON.parse(json.out);
  const same = JSON.parse(edn.out);
  for (const field of ['verdict', 'initial', 'explanation']) assert.equal(same[field], line[field], field);
  assert.equal(line.initial, { x: 0, y: 0 });
  assert.is(line.rules.name, 'jepsen');
  assert.match(line.explanation, /multi-register from initial \{"x":0,"y":0\}/);
  assert.match(line.explanation, /a fail did not happen/);
  assert.match(line.explanation, /read of nil is unknown/);
  const text = await run(['--model', 'cas-register', '--format', 'porcupine-etcd', fx('jepsen/etcd_002.log')]);
  assert.match(text.out, /^checking against cas-register from its default start; faultline completions: a fail did not take effect, and a failed cas saw a value other than its from/);
});

test('jsonl follows Jepsen too: a failed write did not happen', async () => {
  const rows = [
    { process: 0, type: 'invoke', f: 'write', value: 2 },
    { process: 0, type: 'fail', f: 'write', value: 2 },
    { process: 1, type: 'invoke', f: 'read', value: null },
    { process: 1, type: 'ok', f: 'read', value: 2 },
  ];
  const f = tmp('h.jsonl', rows.map((o) => JSON.stringify(o)).join('\n'));
  assert.is((await run(['--model', 'cas-register', '--format', 'jsonl', '--initial', '0', f])).code, 1);
  const info = tmp('i.jsonl', rows.map((o) => JSON.stringify(o.type === 'fail' ? { ...o, type: 'info' } : o)).join('\n'));
  assert.is((await run(['--model', 'cas-register', '--format', 'jsonl', '--initial', '0', info])).code, 0);
});

test('ops a model cannot read: exit 2 naming the file, the line and the value', async () => {
  let r = await run(['--model', 'kv-map', '--format', 'edn', jepsen('txn-lost-write.edn')]);
  assert.is(r.code, 2);
  assert.match(r.err, `${jepsen('txn-lost-write.edn')}:2: kv-map: no operation "txn" (it has get, put, append)`);
  r = await run(['--model', 'cas-register', '--format', 'edn', jepsen('txn-lost-write.edn')]);
  assert.match(r.err, /:2: cas-register: no operation "txn"/);
  const noPair = tmp('p.edn', '[{:process 0, :type :invoke, :f :write, :value 1}\n {:process 0, :type :ok, :f :write, :value 1}\n {:process 1, :type :invoke, :f :cas, :value 3}]\n');
  r = await run(['--model', 'cas-register', '--format', 'edn', noPair]);
  assert.is(r.code, 2);
  assert.match(r.err, `${noPair}:3: cas-register: invoke cas needs a [from to] pair, got 3`);
  assert.not.match(r.err, /at .*\.ts:\d+/);
});

test('bad --initial: exit 2 saying what the model takes', async () => {
  const file = jepsen('txn-lost-write.edn');
  const cases: [string, string, RegExp][] = [
    ['multi-register', '[1 2', /--initial: not an EDN or JSON value/],
    ['multi-register', '3', /--initial: multi-register takes a map of register names to values/],
    ['mutex', 'nil', /--initial: mutex has no initial value/],
  ];
  for (const [model, initial, message] of cases) {
    const r = await run(['--model', model, '--format', 'edn', '--initial', initial, file]);
    assert.is(r.code, 2, model);
    assert.match(r.err, message);
  }
});

test.run();
