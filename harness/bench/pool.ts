/**
 * Worker pool throughput: seeds per second of a plain sweep with 1 and 2 workers (start-up included),
 * on a workload big enough to amortise worker start-up (tsx compile, JIT warm-up).
 */
import { availableParallelism } from 'node:os';
import { runPool, type PoolJob } from '../run/pool.js';
import { allScenarios } from '../run/registry.js';

const SCENARIO = 'examples/quorum-set';
const SEEDS = 96;

export async function benchPool(): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  const scenarios = new Map(allScenarios().map((s) => [s.id, s]));
  const jobs: PoolJob[] = Array.from({ length: SEEDS }, (_, i) => ({ index: i, scenario: SCENARIO, seed: i + 1 }));
  const measure = async (workers: number): Promise<{ seedsPerSec: number; hashes: string }> => {
    const started = performance.now();
    const outcome = await runPool(jobs, { workers, scenarios });
    const seconds = (performance.now() - started) / 1000;
    return { seedsPerSec: SEEDS / seconds, hashes: outcome.results.map((r) => r?.traceHash ?? '-').join(',') };
  };
  await measure(2); // warm the tsx compile cache and the disk, so neither side pays it
  const one = await measure(1);
  const two = await measure(2);
  const round = (n: number): number => Math.round(n * 10) / 10;
  const figures = {
    scenario: SCENARIO, seeds: SEEDS, cores: availableParallelism(),
    seedsPerSec: { workers1: round(one.seedsPerSec), workers2: round(two.seedsPerSec) },
    speedup: round(two.seedsPerSec / one.seedsPerSec),
    sameResults: one.hashes === two.hashes,
  };
  return {
    figures,
    lines: [
      `pool: ${SEEDS} seeds of ${SCENARIO} (start-up included), ${figures.cores} cores`,
      `  1 worker   ${figures.seedsPerSec.workers1} seeds/s`,
      `  2 workers  ${figures.seedsPerSec.workers2} seeds/s (${figures.speedup}x)${figures.sameResults ? '' : '  RESULTS DIFFER'}`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { lines } = await benchPool();
  console.log(lines.join('\n'));
}
