/**
 * Both ElasticJob scenarios over their `seeds.test` seeds, with the schedule a plain run of each seed uses:
 * the crash-stop one never fails; the paused-instance one finds two runners of one item, only through
 * exclusivity (liveness and ZooKeeper's own guarantees hold), and the run of the paused instance spans its
 * pause. Also determinism of one seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OverlappingRuns } from '../../harness/check/sharding/exclusive-runs.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { ELASTIC_JOB_SCENARIOS } from './index.js';
import { EXCLUSIVE_RUNS } from './shared.js';

for (const scenario of ELASTIC_JOB_SCENARIOS) {
  test(`${scenario.id}: ${scenario.expect === 'violation' ? 'found' : 'never fails'} within ${scenario.seeds.test} seeds`, async () => {
    const found: number[] = [];
    const coverage: Record<string, number> = {};
    for (let seed = 1; seed <= scenario.seeds.test; seed++) {
      const schedule = scheduleForSeed(scenario, seed);
      const { result } = await runOnce(scenario, seed, schedule);
      assert.is.not(result.verdict, 'error', result.error);
      for (const [k, v] of Object.entries(result.coverage)) coverage[k] = (coverage[k] ?? 0) + v;
      const failing = result.checks.filter((c) => c.valid !== true);
      if (scenario.expect === 'pass') {
        assert.equal(failing.map((c) => `${c.checker}: ${c.explanation}`), [], `seed ${seed}`);
        continue;
      }
      assert.ok(failing.every((c) => c.checker === EXCLUSIVE_RUNS.name), `seed ${seed}: ${failing.map((c) => c.explanation).join('; ')}`);
      if (failing.length === 0) continue;
      found.push(seed);
      // The earlier run belongs to an instance paused while it ran: it started before the pause and ended after the resume.
      const a = failing[0]!.anomalies[0] as OverlappingRuns;
      const node = a.first.node;
      const pause = schedule.find((f) => f.kind === 'pause' && f.node === node && f.at > a.first.startUs && f.at < a.first.endUs);
      assert.ok(pause !== undefined, `seed ${seed}: ${JSON.stringify(a)}`);
    }
    if (scenario.expect === 'violation') assert.ok(found.length > 0, `no violation in seeds 1..${scenario.seeds.test}`);
    for (const { goal, atLeast } of scenario.coverage ?? []) assert.ok((coverage[goal] ?? 0) >= atLeast, `coverage ${goal}: ${coverage[goal] ?? 0}`);
  });
}

test('determinism: one seed twice gives the same trace hash', async () => {
  const scenario = ELASTIC_JOB_SCENARIOS[1]!;
  const schedule = scheduleForSeed(scenario, 2);
  const a = await runOnce(scenario, 2, schedule);
  const b = await runOnce(scenario, 2, schedule);
  assert.is(a.result.traceHash, b.result.traceHash);
});

test.run();
