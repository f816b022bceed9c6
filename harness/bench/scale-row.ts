/**
 * One `checker.scale` row, run in a fresh process so its peak RSS is its own: generates a cas-register
 * history (or parses a Porcupine kv file, checked as one map: kv-map), checks it with default options (a 60 s
 * budget, explanation minimised), and prints one JSON line. Used by checker.ts; prints numbers, asserts nothing.
 *
 *   node --import tsx harness/bench/scale-row.ts cas OPERATIONS PROCESSES linearizable|stale
 *   node --import tsx harness/bench/scale-row.ts kv-map FILE
 *   node --import tsx harness/bench/scale-row.ts cli-edn OPERATIONS PROCESSES linearizable|stale
 *
 * `cli-edn` is the whole command a user runs: the generated history written as a Jepsen EDN file (by
 * `write-edn OPERATIONS PROCESSES KIND FILE`, in a child process), then `faultline check --format edn` (the
 * built CLI) in another; `ms` is its wall time (reading, parsing and checking the file), the peak RSS its own.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printEdnHistory } from '../history/formats/edn.js';
import type { History } from '../history/types.js';
import { parseKvLog } from '../history/formats/porcupine-kv.js';
import { checkLinearizability } from '../check/linearizability/check.js';
import type { AnyModel } from '../check/linearizability/model.js';
import { makeCasRegisterModel } from '../check/models/cas-register.js';
import { kvMapModel } from '../check/models/kv.js';
import { generateCasHistory } from './cas-histories.js';

export interface ScaleRow {
  name: string;
  operations: number;
  processes: number;
  verdict: unknown;
  ms: number;
  peakRssMb: number;
  /** Generating or parsing the history, apart from `ms`. */
  inputMs: number;
}

/** Knossos's cas-register: a failed cas did not happen (see README: failed cas as observations keep info ops alive). */
const CAS = makeCasRegisterModel({ failIsObservation: false });

const HERE = dirname(fileURLToPath(import.meta.url));

/** Writes the generated history as a Jepsen EDN file and syncs it to disk (run in a process of its own). */
function writeEdnFile(operations: number, processes: number, kind: string, file: string): void {
  writeFileSync(file, printEdnHistory(generateCasHistory({ operations, processes, seed: 1, staleRead: kind === 'stale' })));
  const fd = openSync(file, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}

/** Runs `node ARGS`; its stdout and stderr, or throws naming the exit code. */
function node(args: string[], okCodes = [0]): { stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status === null || !okCodes.includes(child.status)) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return child;
}

/**
 * The file is written by a process of its own, so that neither its heap nor its write-back shares the
 * machine with the check.
 */
function cliOnEdnFile(operations: number, processes: number, kind: string): ScaleRow {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'faultline-scale-'));
  try {
    const file = join(dir, `cas-${operations}.edn`);
    node(['--import', 'tsx', fileURLToPath(import.meta.url), 'write-edn', String(operations), String(processes), kind, file]);
    const inputMs = performance.now() - started;
    const bin = join(HERE, '..', '..', 'bin', 'faultline.cjs');
    const t = performance.now();
    const child = node(['--require', join(HERE, 'max-rss-probe.cjs'), bin, 'check', '--model', 'cas-register', '--format', 'edn', '--json', file], [0, 1]);
    const ms = performance.now() - t;
    const out = JSON.parse(child.stdout) as { verdict: string };
    return {
      name: `faultline check (the CLI) on a Jepsen EDN file of ${operations} cas ops, ${processes} processes, ${kind}`,
      operations,
      processes,
      verdict: out.verdict === 'linearizable' ? true : out.verdict === 'not-linearizable' ? false : out.verdict,
      ms: Math.round(ms),
      peakRssMb: Number(/peak-rss-mb (\d+)/.exec(child.stderr)![1]),
      inputMs: Math.round(inputMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(args: string[]): ScaleRow {
  if (args[0] === 'cli-edn') return cliOnEdnFile(Number(args[1]), Number(args[2]), args[3]!);
  const started = performance.now();
  let history: History;
  let model: AnyModel;
  let name: string;
  let processes: number;
  if (args[0] === 'cas') {
    const [, operations, procs, kind] = args;
    processes = Number(procs);
    history = generateCasHistory({ operations: Number(operations), processes, seed: 1, staleRead: kind === 'stale' });
    model = CAS;
    name = `cas-register ${operations} ops, ${processes} processes, ${kind}`;
  } else if (args[0] === 'kv-map') {
    const file = args[1]!;
    history = parseKvLog(readFileSync(file, 'utf8'), file);
    model = kvMapModel;
    processes = new Set(history.map((op) => op.process)).size;
    name = `kv as one map (kv-map, locality over keys) ${file.split('/').pop()}`;
  } else {
    throw new Error(`scale-row: unknown kind ${args[0]}`);
  }
  const inputMs = performance.now() - started;
  const t = performance.now();
  const r = checkLinearizability(history, model, { timeMs: 60_000 });
  const ms = performance.now() - t;
  return {
    name,
    operations: history.filter((op) => op.type === 'invoke').length,
    processes,
    verdict: r.valid,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    inputMs: Math.round(inputMs),
  };
}

const args = process.argv.slice(2);
if (args[0] === 'write-edn') writeEdnFile(Number(args[1]), Number(args[2]), args[3]!, args[4]!);
else console.log(JSON.stringify(main(args)));
