import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability } from '../check/linearizability/check.js';
import { casRegisterModel } from '../check/models/cas-register.js';
import { kvMapModel, kvModel } from '../check/models/kv.js';
import { parseEtcdLog } from '../history/formats/porcupine-etcd.js';
import { parseKvLog } from '../history/formats/porcupine-kv.js';
import { median } from './median.js';
import type { ScaleRow } from './scale-row.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'porcupine');

/** Times our checker on Porcupine's fixtures (median of `runs`) and compares with Porcupine's medians. */
export async function benchChecker(runs = 5): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  const rows = readFileSync(join(FIXTURES, 'expected.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const files: Record<string, number> = {};
  const lines: string[] = [];
  let etcdTotalMs = 0;
  let kvTotalMs = 0;
  let porcupineEtcd = 0;
  let porcupineKv = 0;
  let mismatches = 0;
  let worstRatio = 0;
  /** Files where Porcupine takes < 1 ms: anything up to 2 ms is fine; these are the ones over. */
  const smallOver: string[] = [];
  for (const [file, pmodel, , expected, pms] of rows as [string, string, string, string, string][]) {
    const etcd = pmodel === 'etcdModel';
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const history = etcd ? parseEtcdLog(text, file) : parseKvLog(text, file);
    const model = etcd ? casRegisterModel : kvModel;
    const times: number[] = [];
    let verdict: unknown;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      verdict = checkLinearizability(history, model, { minimize: false }).valid;
      times.push(performance.now() - t);
    }
    const ms = median(times);
    files[file] = Math.round(ms * 1000) / 1000;
    if (etcd) (etcdTotalMs += ms), (porcupineEtcd += Number(pms));
    else (kvTotalMs += ms), (porcupineKv += Number(pms));
    const want = expected !== 'false';
    if (verdict !== want) mismatches++;
    const ratio = ms / Math.max(Number(pms), 0.001);
    if (Number(pms) >= 1) worstRatio = Math.max(worstRatio, ratio);
    else if (ms > 2) smallOver.push(`${file} ${ms.toFixed(2)} ms`);
    lines.push(`${file.padEnd(22)} ${ms.toFixed(3).padStart(9)} ms  porcupine ${Number(pms).toFixed(3).padStart(9)} ms  x${ratio.toFixed(2)}${verdict === want ? '' : '  VERDICT MISMATCH'}`);
  }
  // The map as one object: the checker splits it by the ops' footprints (locality); the c50 files are scale rows.
  const kvOneMap: Record<string, { ms: number; verdict: unknown }> = {};
  for (const f of ['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad']) {
    const history = parseKvLog(readFileSync(join(FIXTURES, 'kv', `${f}.txt`), 'utf8'), f);
    const t = performance.now();
    const r = checkLinearizability(history, kvMapModel, { minimize: false, timeMs: 20_000 });
    kvOneMap[f] = { ms: Math.round((performance.now() - t) * 1000) / 1000, verdict: r.valid };
    lines.push(`kv-map (one map, locality) ${f}: ${r.valid} in ${kvOneMap[f]!.ms.toFixed(1)} ms`);
  }
  lines.push(
    `etcd total ${etcdTotalMs.toFixed(1)} ms (porcupine ${porcupineEtcd.toFixed(1)}), kv total ${kvTotalMs.toFixed(1)} ms (porcupine ${porcupineKv.toFixed(1)}), worst ratio on files >= 1 ms: x${worstRatio.toFixed(2)}, verdict mismatches: ${mismatches}`,
    `files under 1 ms in porcupine that took over 2 ms: ${smallOver.length === 0 ? 'none' : smallOver.join(', ')}`,
  );
  const scale = scaleRows();
  for (const r of scale) lines.push(`scale: ${r.name}: ${String(r.verdict)} in ${r.ms} ms, peak RSS ${r.peakRssMb} MB (input ${r.inputMs} ms)`);
  const cli = cliCheckAll(rows, CLI_ROUNDS);
  for (const c of cli) {
    lines.push(
      `faultline check --model ${c.model}${c.workers > 1 ? ` --workers ${c.workers}` : ''} over all ${c.files} ${c.family} files, one command: ${c.wallMs} ms wall (median of ${CLI_ROUNDS}), per-file ms summed ${c.reportedMs}; Porcupine's recorded check times summed ${c.porcupineMs} ms: x${c.vsPorcupine}`,
    );
  }
  return {
    figures: { porcupine: { etcdTotalMs, kvTotalMs, kvOneMap, files, mismatches }, scale, cliCheckAll: cli },
    lines,
  };
}

/** Alternating rounds of the whole-command runs (every command once per round). */
const CLI_ROUNDS = 5;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** Each scale target in its own process (its peak RSS is its own), one after another. */
function scaleRows(): ScaleRow[] {
  const runs = [
    ['cas', '1000000', '5', 'linearizable'],
    ['cas', '1000000', '5', 'stale'],
    ['cas', '100000', '20', 'linearizable'],
    ['cas', '100000', '20', 'stale'],
    ['kv-map', join(FIXTURES, 'kv', 'c50-ok.txt')],
    ['kv-map', join(FIXTURES, 'kv', 'c50-bad.txt')],
    ...(existsSync(join(ROOT, 'dist', 'harness', 'cli', 'cli.js'))
      ? [
          ['cli-edn', '1000000', '5', 'linearizable'],
          ['cli-edn', '1000000', '5', 'stale'],
        ]
      : []),
  ];
  return runs.map((args) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'scale-row.ts'), ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`scale row ${args.join(' ')} failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as ScaleRow;
  });
}

/**
 * The whole command a user runs: `faultline check` (the built CLI) over every etcd file and every kv file
 * (with the kv model, and with kv-map: the same files as one map), on one thread (the default) and on two,
 * wall time against the sum of Porcupine's recorded per-file check times (expected.tsv; parsing not included,
 * so the yardstick favours Porcupine). Skipped without dist/.
 */
function cliCheckAll(rows: string[][], rounds: number): { family: string; model: string; workers: number; files: number; wallMs: number; reportedMs: number; porcupineMs: number; vsPorcupine: number }[] {
  const bin = join(ROOT, 'bin', 'faultline.cjs');
  if (!existsSync(join(ROOT, 'dist', 'harness', 'cli', 'cli.js'))) return [];
  const families = [1, 2].flatMap((workers) => [
    { family: 'etcd', model: 'cas-register', format: 'porcupine-etcd', workers, rows: rows.filter((r) => r[1] === 'etcdModel') },
    { family: 'kv', model: 'kv', format: 'porcupine-kv', workers, rows: rows.filter((r) => r[1] !== 'etcdModel') },
    { family: 'kv', model: 'kv-map', format: 'porcupine-kv', workers, rows: rows.filter((r) => r[1] !== 'etcdModel') },
  ]);
  const walls = families.map(() => [] as number[]);
  const reported = families.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    families.forEach((f, k) => {
      const t = performance.now();
      const child = spawnSync(process.execPath, [bin, 'check', '--model', f.model, '--format', f.format, '--workers', String(f.workers), '--json', ...f.rows.map((r) => join(FIXTURES, r[0]!))], { encoding: 'utf8', maxBuffer: 1 << 26 });
      walls[k]!.push(performance.now() - t);
      if (child.status === 2 || child.status === null) throw new Error(`faultline check failed: ${child.stderr}`);
      reported[k] = child.stdout.trim().split('\n').reduce((sum, line) => sum + Number((JSON.parse(line) as { ms?: number }).ms ?? 0), 0);
    });
  }
  return families.map((f, k) => {
    const porcupineMs = f.rows.reduce((sum, r) => sum + Number(r[4]), 0);
    const wallMs = median(walls[k]!);
    return {
      family: f.family,
      model: f.model,
      workers: f.workers,
      files: f.rows.length,
      wallMs: Math.round(wallMs),
      reportedMs: Math.round(reported[k]!),
      porcupineMs: Math.round(porcupineMs),
      vsPorcupine: Math.round((wallMs / porcupineMs) * 100) / 100,
    };
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { lines } = await benchChecker();
  for (const l of lines) console.log(l);
}
