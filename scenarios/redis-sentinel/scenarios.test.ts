/**
 * Every Sentinel scenario over its `seeds.test` seeds, with the schedule a plain run of each seed uses:
 * the unsafe ones must lose an acknowledged write (and only through a failover), the safe one never, and
 * every run must end with the Sentinels agreeing on a master that the replicas follow.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { SENTINEL_SCENARIOS } from './index.js';

for (const scenario of SENTINEL_SCENARIOS) {
  test(`${scenario.id}: ${scenario.expect === 'violation' ? 'found' : 'never fails'} within ${scenario.seeds.test} seeds`, async () => {
    const found: number[] = [];
    for (let seed = 1; seed <= scenario.seeds.test; seed++) {
      const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
      assert.is.not(result.verdict, 'error', result.error);
      const failing = result.checks.filter((c) => c.valid !== true).map((c) => c.checker);
      if (scenario.expect === 'pass') {
        assert.equal(failing, [], `seed ${seed}: ${result.checks.map((c) => `${c.checker}: ${c.explanation}`).join('; ')}`);
        continue;
      }
      // The flaw is lost acknowledged writes; liveness and replica agreement still hold after the heal.
      assert.ok(failing.every((c) => c === 'acknowledged adds survive'), `seed ${seed}: ${failing.join(', ')}`);
      if (failing.length > 0) {
        found.push(seed);
        assert.ok((result.coverage['sentinel-failover-end'] ?? 0) > 0, `seed ${seed}: writes lost without a failover`);
      }
    }
    if (scenario.expect === 'violation') assert.ok(found.length > 0, `no violation in seeds 1..${scenario.seeds.test}`);
  });
}

test('determinism: one seed of a failover twice gives the same trace hash', async () => {
  const scenario = SENTINEL_SCENARIOS[0]!;
  const schedule = scheduleForSeed(scenario, 1);
  const a = await runOnce(scenario, 1, schedule);
  const b = await runOnce(scenario, 1, schedule);
  assert.is(a.result.traceHash, b.result.traceHash);
  assert.ok((a.result.coverage['sentinel-failover-end'] ?? 0) > 0);
});

test.run();
