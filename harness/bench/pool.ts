/**
 * Worker pool throughput, seeds per second of a plain sweep with 1 and 2 workers. Start-up (each worker
 * loads and compiles the TypeScript of every model) is measured on its own, and steady-state throughput
 * is the extra seeds of a long sweep over its extra time, so a short bench does not hide scaling.
 */
import { availableParallelism } from 'node:os';
import { runPool, type PoolJob } from '../run/pool.js';
import { allScenarios } from '../run/registry.js';

const SCENARIO = 'examples/quorum-set';
const SEEDS = 240;

export async function benchPool(): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  const scenarios = new Map(allScenarios().map((s) => [s.id, s]));
  const jobs = (count: number): PoolJob[] => Array.from({ length: count }, (_, i) => ({ index: i, scenario: SCENARIO, seed: i + 1 }));
  const timed = async (workers: number, count: number): Promise<{ ms: number; hashes: string }> => {
    const started = performance.now();
    const outcome = await runPool(jobs(count), { workers, scenarios });
    return { ms: performance.now() - started, hashes: outcome.results.map((r) => r?.traceHash ?? '-').join(',') };
  };
  const measure = async (workers: number) => {
    const startUp = await timed(workers, workers); // start-up plus one seed per worker
    const sweep = await timed(workers, SEEDS);
    return {
      startUpMs: startUp.ms,
      steady: (SEEDS - workers) / ((sweep.ms - startUp.ms) / 1000),
      overall: SEEDS / (sweep.ms / 1000),
      hashes: sweep.hashes,
    };
  };
  await timed(1, 1); // warm tsx's transform cache and the disk, so neither side pays for it
  const one = await measure(1);
  const two = await measure(2);
  const round = (n: number): number => Math.round(n * 10) / 10;
  const figures = {
    scenario: SCENARIO, seeds: SEEDS, cores: availableParallelism(),
    seedsPerSec: { workers1: round(one.steady), workers2: round(two.steady) },
    speedup: round(two.steady / one.steady),
    withStartUp: { workers1: round(one.overall), workers2: round(two.overall) },
    startUpMs: { workers1: Math.round(one.startUpMs), workers2: Math.round(two.startUpMs) },
    sameResults: one.hashes === two.hashes,
  };
  return {
    figures,
    lines: [
      `pool: ${SEEDS} seeds of ${SCENARIO}, ${figures.cores} cores; steady state (start-up measured apart)`,
      `  1 worker   ${figures.seedsPerSec.workers1} seeds/s  (start-up ${figures.startUpMs.workers1} ms; ${figures.withStartUp.workers1} seeds/s including it)`,
      `  2 workers  ${figures.seedsPerSec.workers2} seeds/s  (start-up ${figures.startUpMs.workers2} ms; ${figures.withStartUp.workers2} seeds/s including it) = ${figures.speedup}x${figures.sameResults ? '' : '  RESULTS DIFFER'}`,
    ],
  };
}
