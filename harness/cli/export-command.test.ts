import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { casRegisterView } from '../../scenarios/zookeeper/shared.js';
import { checkLinearizability } from '../check/linearizability/check.js';
import { buildModel } from '../check/models/registry.js';
import { formats } from '../history/formats/index.js';
import type { History } from '../history/types.js';
import { decodeReplay, encodeReplay } from '../run/replay-file.js';
import { captureIo, main } from './main.js';
import { replayRun } from './replay-command.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const regression = (name: string) => fileURLToPath(new URL(`../../fixtures/regressions/${name}`, import.meta.url));
const ZK = regression('zookeeper__sync-stale-read-seed1-shrunk.replay');
const PRIMARY_BACKUP = regression('examples__primary-backup-seed3-shrunk.replay');
const dir = scratchDir('fl-export-');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** The replayed run's history, as the scenario's own checkers see it. */
const recorded = async (file: string): Promise<History> => (await replayRun(file)).artifacts.history;

/** Export with the CLI into a file, then read it back with the same format. */
async function roundTrip(file: string, format: string): Promise<History> {
  const out = join(dir, `${format}-${file.split('/').pop()}.txt`);
  const r = await cli(['export', file, '--format', format, '--out', out]);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, `as ${format}`);
  return formats[format]!.parse(readFileSync(out, 'utf8'), out);
}

const fields = (h: History) => h.map((op) => [op.process, op.type, op.f, op.key, op.value]);

test('a violation that rests on a read of nil: the export says a Jepsen-rules check will accept the file, and it does', async () => {
  // The README's register (fixtures/user-project): a read of the backup returns nil after an acknowledged write.
  const module = fileURLToPath(new URL('../../fixtures/user-project/sim/register.scenario.ts', import.meta.url));
  const out = join(dir, 'register-run');
  const run = await cli(['run', module, 'register/backup-reads', '--seeds', '1', '--workers', '1', '--quiet', '--out', out]);
  assert.is(run.code, 0, run.out + run.err);
  assert.match(run.out, /c\d \(process \d+\) read\(\) -> nil/);
  const edn = join(dir, 'register.edn');
  const r = await cli(['export', join(out, 'replays', 'register__backup-reads-seed1-shrunk.replay'), '--format', 'edn', '--out', edn]);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /note: the run's checker found a violation, but faultline check --model register --format edn will call this file linearizable/);
  assert.is((await cli(['check', '--model', 'register', '--format', 'edn', edn])).code, 0);
});

test('ZooKeeper cas register: exported as its checker reads it (plain reads out, reads reduced to their data), same verdict with faultline check', async () => {
  const history = await recorded(ZK);
  const view = casRegisterView(history);
  for (const format of ['edn', 'jsonl']) {
    const back = await roundTrip(ZK, format);
    assert.equal(fields(back), fields(view));
    // (a fail's value is its session and server: Jepsen's rules drop failed ops whatever they carry)
    assert.not.ok(back.some((op) => op.f === 'plain-read' || (op.type === 'ok' && op.value !== null && typeof op.value === 'object' && !Array.isArray(op.value))), 'nothing the model cannot read');
    const model = buildModel('cas-register', { rules: formats[format]!.rules })!;
    const want = checkLinearizability(view, model).valid;
    assert.is(want, false, 'the stale synced read is a violation under Jepsen rules too');
    assert.is(checkLinearizability(back, model).valid, want, format);
    const out = join(dir, `cli-${format}`);
    const r = await cli(['export', ZK, '--format', format, '--out', out]);
    assert.match(r.err, 'as its checker "linearizable (cas-register on the znode)" reads them');
    assert.match(r.err, `faultline check --model cas-register --format ${format}`);
    assert.not.match(r.err, /note: /, 'the violation shows under Jepsen rules too: no note');
    assert.is((await cli(['check', '--model', 'cas-register', '--format', format, out])).code, 1);
  }
});

test('--raw exports every op as recorded, values whole', async () => {
  const history = await recorded(ZK);
  const out = join(dir, 'raw.jsonl');
  const r = await cli(['export', ZK, '--format', 'jsonl', '--raw', '--out', out]);
  assert.is(r.code, 0, r.err);
  assert.equal(fields(formats.jsonl!.parse(readFileSync(out, 'utf8'), out)), fields(history));
});

test('a set history: export to edn and jsonl, same verdict; porcupine-kv refuses it naming the op', async () => {
  const history = await recorded(PRIMARY_BACKUP);
  const want = checkLinearizability(history, buildModel('set')!).valid;
  assert.is(want, false, 'primary-backup loses acknowledged adds');
  for (const format of ['edn', 'jsonl']) assert.is(checkLinearizability(await roundTrip(PRIMARY_BACKUP, format), buildModel('set')!).valid, want, format);
  const r = await cli(['export', PRIMARY_BACKUP, '--format', 'porcupine-kv']);
  assert.is(r.code, 2);
  assert.match(r.err, /examples\/primary-backup seed 3: porcupine-kv cannot hold op 0: invoke add/);
});

test('to standard output by default; faultline check reads the export', async () => {
  const r = await cli(['export', PRIMARY_BACKUP, '--format', 'jsonl']);
  assert.is(r.code, 0);
  const file = join(dir, 'stdout.jsonl');
  writeFileSync(file, `${r.out}\n`);
  const checked = await cli(['check', '--model', 'set', '--format', 'jsonl', file]);
  assert.is(checked.code, 1, checked.out);
});

test('from a results file: --scenario and --seed pick the run, re-run and checked by its trace hash', async () => {
  const out = join(dir, 'run');
  const ran = await cli(['run', 'examples/quorum-set', '--seeds', '2', '--workers', '1', '--no-shrink', '--quiet', '--out', out]);
  assert.is(ran.code, 0, ran.err);
  const exported = await cli(['export', out, '--format', 'edn', '--scenario', 'examples/quorum-set', '--seed', '2']);
  assert.is(exported.code, 0, exported.err);
  assert.match(exported.err, /of examples\/quorum-set seed 2 as edn/);
  const history = formats.edn!.parse(exported.out);
  assert.ok(history.length > 0);
  assert.is(checkLinearizability(history, buildModel('set')!).valid, true);
  const two = await cli(['export', out, '--format', 'edn']);
  assert.is(two.code, 2);
  assert.match(two.err, /2 runs match; pick one with --scenario and --seed: examples\/quorum-set --seed 1, examples\/quorum-set --seed 2/);
  const none = await cli(['export', out, '--format', 'edn', '--seed', '9']);
  assert.is(none.code, 2);
  assert.match(none.err, /no run matches --seed 9/);
});

test('bad usage and a run that no longer reproduces: exit 2 with a message, nothing written', async () => {
  let r = await cli(['export', PRIMARY_BACKUP]);
  assert.is(r.code, 2);
  assert.match(r.err, /missing --format; valid formats: porcupine-etcd, porcupine-kv, edn, jsonl/);
  r = await cli(['export', PRIMARY_BACKUP, '--format', 'csv']);
  assert.match(r.err, /unknown format "csv"/);
  r = await cli(['export', PRIMARY_BACKUP, '--format', 'edn', '--seed', '3']);
  assert.match(r.err, /a replay file holds one run/);
  const stale = join(dir, 'stale.replay');
  writeFileSync(stale, encodeReplay({ ...decodeReplay(readFileSync(PRIMARY_BACKUP), PRIMARY_BACKUP), traceHash: '0000000000000000' }));
  const out = join(dir, 'stale.edn');
  r = await cli(['export', stale, '--format', 'edn', '--out', out]);
  assert.is(r.code, 2);
  assert.match(r.err, /no longer reproduces/);
  assert.throws(() => readFileSync(out));
});

test.run();
