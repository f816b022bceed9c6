import { runPool } from '../harness/run/pool.js';
import { allScenarios } from '../harness/run/registry.js';
const scenarios = new Map(allScenarios().map((s) => [s.id, s]));
for (const workers of [1, 2, 1, 2]) {
  const jobs = Array.from({ length: 120 }, (_, i) => ({ index: i, scenario: 'examples/quorum-set', seed: i + 1 }));
  const t0 = performance.now();
  let first = 0;
  const out = await runPool(jobs, { workers, scenarios, onResult: () => { if (!first) first = performance.now() - t0; } });
  console.log(workers, (performance.now() - t0).toFixed(0), 'ms first', first.toFixed(0), out.results.filter(Boolean).length, out.results.reduce((a, r) => a + r!.wallMs, 0).toFixed(0));
}
