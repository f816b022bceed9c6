/** `faultline check --independent`: Jepsen's independent histories ([key value] tuples), as Knossos reads them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureIo, main } from './main.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const jepsen = (p: string) => fileURLToPath(new URL(`../../fixtures/jepsen/${p}`, import.meta.url));
async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['check', '--model', 'cas-register', '--format', 'edn', '--initial', '0', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('each key is checked on its own: linearizable keys pass, a stale read on one key of three is found and named', async () => {
  const ok = await check('--independent', jepsen('independent-keys.edn'));
  assert.is(ok.code, 0, ok.out + ok.err);
  const bad = await check('--independent', '--json', jepsen('independent-stale-read.edn'));
  assert.is(bad.code, 1, bad.out + bad.err);
  const line = JSON.parse(bad.out);
  assert.is(line.verdict, 'not-linearizable');
  assert.match(line.explanation, /key "2"/);
  assert.match(line.explanation, /read\(\) -> 1/);
  assert.not.match(line.explanation, /key "[01]"/);
});

test('without --independent such a history is refused (exit 2), never misread as one register of tuples', async () => {
  for (const file of ['independent-keys.edn', 'independent-stale-read.edn']) {
    const r = await check(jepsen(file));
    assert.is(r.code, 2, file);
    assert.match(r.err, /\[key value\] tuple.*--independent/);
  }
});

test('--independent on a value that is not a tuple: exit 2 naming the file and line', async () => {
  const file = join(scratchDir('fl-independent-'), 'mixed.edn');
  writeFileSync(file, '{:process 0, :type :invoke, :f :write, :value [1 3]}\n{:process 0, :type :ok, :f :write, :value 3}\n');
  const r = await check('--independent', file);
  assert.is(r.code, 2);
  assert.match(r.err, `${file}:2:`);
  assert.match(r.err, /not a \[key value\] tuple/);
});

test.run();
