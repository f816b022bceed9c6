import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEtcdLog } from '../../history/formats/porcupine-etcd.js';
import { parseKvLog } from '../../history/formats/porcupine-kv.js';
import { casRegisterModel } from '../models/cas-register.js';
import { kvMapModel, kvModel } from '../models/kv.js';
import { checkLinearizability } from './check.js';

const DIR = new URL('../../../fixtures/porcupine/', import.meta.url);
const rows = readFileSync(new URL('expected.tsv', DIR), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t') as [string, string, string, string]);

for (const [file, model, ops, expected] of rows) {
  test(`${file} is ${expected === 'false' ? 'not ' : ''}linearizable`, () => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const h = model === 'etcdModel' ? parseEtcdLog(text, file) : parseKvLog(text, file);
    assert.is(h.filter((o) => o.type === 'invoke').length, Number(ops));
    const r = checkLinearizability(h, model === 'etcdModel' ? casRegisterModel : kvModel, { minimize: false, timeMs: 20_000 });
    assert.is(r.valid, expected !== 'false', r.explanation);
  });
}

for (const f of ['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad']) {
  test(`kv/${f} as one unpartitioned map`, () => {
    const h = parseKvLog(readFileSync(new URL(`kv/${f}.txt`, DIR), 'utf8'), f);
    const r = checkLinearizability(h, kvMapModel, { minimize: false, timeMs: 8000 });
    assert.is(r.valid, f.endsWith('-ok'));
  });
}

test('a violation in etcd comes with a minimal op set, a prefix and a story', () => {
  const h = parseEtcdLog(readFileSync(new URL('jepsen/etcd_000.log', DIR), 'utf8'));
  const r = checkLinearizability(h, casRegisterModel);
  assert.is(r.valid, false);
  const a = r.anomalies[0]!;
  assert.ok(a.minimalOps.length >= 1 && a.minimalOps.length < 10, String(a.minimalOps.length));
  assert.ok(a.longestPrefix.length > 0);
  assert.match(r.explanation, /Not linearizable/);
  // The minimal set alone (with the window start states) really is not linearizable: removing any op fixes it.
  assert.is(a.minimalIsApproximate, false);
});

test.run();
