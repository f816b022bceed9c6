/**
 * One `checker.scale` row, run in a fresh process so its peak RSS is its own: generates a cas-register
 * history (or parses a Porcupine kv file, checked as one map: kv-map), checks it with default options (a 60 s
 * budget, explanation minimised), and prints one JSON line. Used by checker.ts; prints numbers, asserts nothing.
 *
 *   node --import tsx harness/bench/scale-row.ts cas OPERATIONS PROCESSES linearizable|stale
 *   node --import tsx harness/bench/scale-row.ts kv-map FILE
 */
import { readFileSync } from 'node:fs';
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

function main(args: string[]): ScaleRow {
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

console.log(JSON.stringify(main(process.argv.slice(2))));
