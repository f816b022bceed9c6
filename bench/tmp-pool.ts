import { runPool } from '../harness/run/pool.js';
import { allScenarios } from '../harness/run/registry.js';
const scenarios = new Map(allScenarios().map((s) => [s.id, s]));
for (const workers of [1, 2]) {
  const jobs = Array.from({ length: 40 }, (_, i) => ({ index: i, scenario: 'examples/quorum-set', seed: i + 1 }));
  const t0 = performance.now();
  const out = await runPool(jobs, { workers, scenarios });
  console.log(workers, (performance.now() - t0).toFixed(0), 'ms', out.results.filter(Boolean).length, out.results.map((r) => r!.traceHash).join('').length, out.results[3]?.traceHash);
}
