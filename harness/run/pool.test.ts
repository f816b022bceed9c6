import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runPool, type PoolJob } from './pool.js';
import { allScenarios } from './registry.js';
import { SCENARIOS as TEST_SCENARIOS } from './test-scenarios.test-util.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const MODULE = fileURLToPath(new URL('./test-scenarios.test-util.ts', import.meta.url));
const scenarios = new Map([...allScenarios(), ...TEST_SCENARIOS].map((s) => [s.id, s]));
const job = (index: number, scenario: string, seed: number): PoolJob => ({ index, scenario, seed });

test('results land in job order whatever the worker count', async () => {
  const jobs = [1, 2, 3, 4, 5, 6].map((seed, i) => job(i, 'examples/quorum-set', seed));
  const one = await runPool(jobs, { workers: 1, scenarios });
  const two = await runPool(jobs, { workers: 2, scenarios });
  const strip = (rs: typeof one.results) => rs.map((r) => r && { ...r, wallMs: 0 });
  assert.equal(one.results.map((r) => r?.seed), [1, 2, 3, 4, 5, 6]);
  assert.equal(strip(one.results), strip(two.results));
  assert.ok(one.results.every((r) => r?.verdict === 'pass'));
});

test('a dying worker or a throwing model fails only its seed; the sweep goes on', async () => {
  const jobs = [
    job(0, 'examples/quorum-set', 1), job(1, 'test/worker-dies', 1), job(2, 'test/model-throws', 2),
    job(3, 'test/worker-dies', 3), job(4, 'examples/quorum-set', 2),
  ];
  const { results } = await runPool(jobs, { workers: 2, scenarios, scenarioModules: [MODULE] });
  assert.is(results[0]?.verdict, 'pass');
  assert.is(results[4]?.verdict, 'pass');
  for (const i of [1, 3]) {
    assert.is(results[i]?.verdict, 'error');
    assert.match(results[i]?.error ?? '', new RegExp(`worker died while running test/worker-dies seed ${results[i]?.seed}: the worker exited with code 7`));
  }
  assert.is(results[2]?.verdict, 'error');
  assert.is(results[2]?.seed, 2);
  assert.match(results[2]?.error ?? '', /model bug in init[\s\S]*at .*harness\/sim\/simulation\.ts:\d+/); // message, and a stack naming the .ts source
});

test('an abort stops the pool and keeps what was found', async () => {
  const controller = new AbortController();
  const jobs = Array.from({ length: 40 }, (_, i) => job(i, 'examples/quorum-set', i + 1));
  let seen = 0;
  const outcome = await runPool(jobs, {
    workers: 1, scenarios, signal: controller.signal,
    onResult: () => {
      if (++seen === 3) controller.abort();
    },
  });
  assert.ok(outcome.interrupted);
  assert.is(outcome.results.filter(Boolean).length, 3);
});

test('a scenario module that does not compile fails every job with the file and line', async () => {
  const broken = join(scratchDir('faultline-pool-test-'), 'broken.ts');
  writeFileSync(broken, 'export const SCENARIOS = [\n  { id: ;\n];\n');
  const { results } = await runPool([job(0, 'examples/quorum-set', 1), job(1, 'examples/quorum-set', 2)], { workers: 2, scenarios, scenarioModules: [broken] });
  for (const r of results) {
    assert.is(r?.verdict, 'error');
    assert.match(r?.error ?? '', /could not bundle the worker script: cannot compile\s+.*broken\.ts:2:\d+: /);
  }
});

test.run();
