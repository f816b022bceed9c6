/**
 * Worker pool throughput: seeds per second of a plain sweep with 1 and 2 workers, in steady state (the
 * clock starts once every worker has finished WARM_UP seeds, so start-up and JIT warm-up are left out
 * and reported apart). This machine's speed drifts by tens of percent from minute to minute, so 1- and
 * 2-worker runs alternate ROUNDS times and each figure is a median. Two controls put it in context:
 * - the same sweep of a ping-pong scenario that keeps almost nothing alive (what the pool allows when
 *   the garbage collector has little to copy);
 * - plain JavaScript in worker threads, no faultline code: a pure CPU loop, and a loop that allocates
 *   and keeps objects the way a seed does (what the machine and V8 allow).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runPool, type PoolJob } from '../run/pool.js';
import { allScenarios } from '../run/registry.js';
import { POOL_CONTROL, SCENARIOS as CONTROL_SCENARIOS } from './pool-control.js';
import { median } from './median.js';

const SCENARIO = 'examples/quorum-set';
const SEEDS = 480;
const WARM_UP = 30;
const ROUNDS = 3;
const CONTROL_MODULE = fileURLToPath(new URL('./pool-control.ts', import.meta.url));
const HALF_SCRIPT = fileURLToPath(new URL('./pool-half.ts', import.meta.url));

interface Sweep {
  seedsPerSec: number;
  startUpMs: number;
  hashes: string;
}

/** Steady-state seeds per second of `seeds` (default 1..SEEDS) through a pool of `workers`. */
export async function sweep(scenario: string, workers: number, seeds: readonly number[] = Array.from({ length: SEEDS }, (_, i) => i + 1)): Promise<Sweep> {
  const scenarios = new Map([...allScenarios(), ...CONTROL_SCENARIOS].map((s) => [s.id, s]));
  const jobs: PoolJob[] = seeds.map((seed, i) => ({ index: i, scenario, seed }));
  const warm = WARM_UP * workers;
  let done = 0;
  let warmAt = 0;
  let readyAt = 0;
  const started = performance.now();
  const outcome = await runPool(jobs, {
    workers, scenarios, scenarioModules: [CONTROL_MODULE],
    onResult: () => {
      done++;
      if (done === 1) readyAt = performance.now();
      if (done === warm) warmAt = performance.now();
    },
  });
  const ms = performance.now() - warmAt;
  return {
    seedsPerSec: (seeds.length - warm) / (ms / 1000),
    startUpMs: readyAt - started,
    hashes: outcome.results.map((r) => r?.traceHash ?? '-').join(','),
  };
}

/** Plain JavaScript in `workers` threads at once; returns the wall time of the slowest. */
function plainWorkers(body: string, workers: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let finished = 0;
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(`${body}\nrequire('node:worker_threads').parentPort.postMessage(0);`, { eval: true });
      worker.once('error', reject);
      worker.once('message', () => {
        if (++finished === workers) resolve(performance.now() - started);
      });
    }
  });
}

const CPU_LOOP = 'let x = 0; for (let i = 0; i < 2e8; i++) x = (x * 31 + i) | 0;';
/** Rounds of 20k small objects, a quarter of them kept until the round ends (a seed's live state). */
const ALLOCATING_LOOP = `let sink = 0;
for (let round = 0; round < 1000; round++) {
  const live = [];
  for (let i = 0; i < 20000; i++) {
    const o = { a: i, b: round, c: [i, i + 1] };
    if ((i & 3) === 0) live.push(o);
    sink += o.c[1];
  }
}`;


/** Runs `measure(1)` and `measure(2)` alternately ROUNDS times; the medians of each. */
async function alternate<T>(measure: (workers: number) => Promise<T>): Promise<[T[], T[]]> {
  const one: T[] = [];
  const two: T[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    one.push(await measure(1));
    two.push(await measure(2));
  }
  return [one, two];
}

async function plainSpeedup(body: string): Promise<number> {
  await plainWorkers(body, 1); // warm the CPU's clocks
  const [one, two] = await alternate((workers) => plainWorkers(body, workers));
  return (2 * median(one)) / median(two);
}

async function sweepMedians(scenario: string): Promise<{ one: Sweep; two: Sweep }> {
  const [ones, twos] = await alternate((workers) => sweep(scenario, workers));
  const pick = (runs: Sweep[]): Sweep => {
    const m = median(runs.map((r) => r.seedsPerSec));
    return runs.find((r) => r.seedsPerSec === m) ?? (runs[0] as Sweep);
  };
  return { one: pick(ones), two: pick(twos) };
}

/** One process sweeping half the seeds with one worker (pool-half.ts); resolves with its seeds per second. */
function halfProcess(parity: 0 | 1): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HALF_SCRIPT, SCENARIO, String(SEEDS), String(parity)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`pool-half exited ${code}: ${err}`))));
  });
}

/**
 * The honest yardstick for 2 workers on 2 cores: two independent processes, each one worker over half the
 * seeds (odd and even), started together; their seeds per second added up. Alternates with the 2-worker pool.
 */
async function independentMedians(): Promise<{ pool: number; independent: number; runs: number[][] }> {
  const pool: number[] = [];
  const independent: number[] = [];
  const runs: number[][] = [];
  for (let i = 0; i < ROUNDS; i++) {
    pool.push((await sweep(SCENARIO, 2)).seedsPerSec);
    const pair = await Promise.all([halfProcess(0), halfProcess(1)]);
    runs.push(pair);
    independent.push(pair[0]! + pair[1]!);
  }
  return { pool: median(pool), independent: median(independent), runs };
}

export async function benchPool(): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  await sweep(SCENARIO, 1); // warm the worker bundle and the disk, so neither side pays for it
  const { one, two } = await sweepMedians(SCENARIO);
  const vsProcesses = await independentMedians();
  const { one: controlOne, two: controlTwo } = await sweepMedians(POOL_CONTROL);
  const cpuLoop = await plainSpeedup(CPU_LOOP);
  const allocatingLoop = await plainSpeedup(ALLOCATING_LOOP);
  const round = (n: number): number => Math.round(n * 100) / 100;
  const figures = {
    scenario: SCENARIO, seeds: SEEDS, warmUpSeedsPerWorker: WARM_UP, rounds: ROUNDS, cores: availableParallelism(),
    seedsPerSec: { workers1: round(one.seedsPerSec), workers2: round(two.seedsPerSec) },
    speedup: round(two.seedsPerSec / one.seedsPerSec),
    startUpMs: { workers1: Math.round(one.startUpMs), workers2: Math.round(two.startUpMs) },
    sameResults: one.hashes === two.hashes,
    control: {
      scenario: POOL_CONTROL,
      seedsPerSec: { workers1: round(controlOne.seedsPerSec), workers2: round(controlTwo.seedsPerSec) },
      speedup: round(controlTwo.seedsPerSec / controlOne.seedsPerSec),
    },
    plainJs: { cpuLoopSpeedup: round(cpuLoop), allocatingLoopSpeedup: round(allocatingLoop) },
    independentProcesses: { seedsPerSec: round(vsProcesses.independent), poolSeedsPerSec: round(vsProcesses.pool), perProcess: vsProcesses.runs.map((r) => r.map(round)) },
    vsIndependentProcesses: round(vsProcesses.pool / vsProcesses.independent),
  };
  return {
    figures,
    lines: [
      `pool: ${SEEDS} seeds of ${SCENARIO}, ${figures.cores} cores; steady state after ${WARM_UP} seeds per worker; medians of ${ROUNDS}`,
      `  1 worker   ${figures.seedsPerSec.workers1} seeds/s  (first result after ${figures.startUpMs.workers1} ms)`,
      `  2 workers  ${figures.seedsPerSec.workers2} seeds/s  (first result after ${figures.startUpMs.workers2} ms) = ${figures.speedup}x${figures.sameResults ? '' : '  RESULTS DIFFER'}`,
      `  control ${POOL_CONTROL} (little kept alive): ${figures.control.seedsPerSec.workers1} -> ${figures.control.seedsPerSec.workers2} seeds/s = ${figures.control.speedup}x`,
      `  2 independent processes, 1 worker each on half the seeds: ${figures.independentProcesses.seedsPerSec} seeds/s together; the 2-worker pool alternating with them ${figures.independentProcesses.poolSeedsPerSec} seeds/s = ${figures.vsIndependentProcesses}x of them`,
      `  plain JS in 2 threads vs 1: CPU loop ${figures.plainJs.cpuLoopSpeedup}x, allocating loop ${figures.plainJs.allocatingLoopSpeedup}x`,
    ],
  };
}
