/**
 * Every Kafka scenario over its `seeds.test` seeds, with the schedule a plain run of each seed uses: each
 * unsafe one must be caught by the checker that names its flaw (lost acknowledged writes; for the
 * pre-KIP-101 truncation also diverging replicas), the safe one never fails, and every run ends with a
 * leader and a full ISR.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { ACKNOWLEDGED_ADDS, LOG_AGREEMENT } from './shared.js';
import { KAFKA_SCENARIOS } from './index.js';

/** The checkers that may report each unsafe scenario's flaw. */
const FLAW: Record<string, { checkers: string[]; coverage: string }> = {
  'kafka/unclean-leader-election': { checkers: [ACKNOWLEDGED_ADDS.name], coverage: 'kafka-unclean-election' },
  'kafka/acks-1': { checkers: [ACKNOWLEDGED_ADDS.name], coverage: 'kafka-leader-elected' },
  'kafka/hw-truncation-pre-kip-101': { checkers: [ACKNOWLEDGED_ADDS.name, LOG_AGREEMENT.name], coverage: 'kafka-truncate-to-hw' },
};

for (const scenario of KAFKA_SCENARIOS) {
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
      const flaw = FLAW[scenario.id]!;
      // Only the flaw's checkers may fail; liveness (a leader and a full ISR after the heal) still holds.
      assert.ok(failing.every((c) => flaw.checkers.includes(c)), `seed ${seed}: ${result.checks.filter((c) => c.valid !== true).map((c) => `${c.checker}: ${c.explanation}`).join('; ')}`);
      if (failing.length > 0) {
        found.push(seed);
        assert.ok((result.coverage[flaw.coverage] ?? 0) > 0, `seed ${seed}: a violation without ${flaw.coverage}`);
      }
    }
    if (scenario.expect === 'violation') assert.ok(found.length > 0, `no violation in seeds 1..${scenario.seeds.test}`);
  });
}

test('determinism: one seed twice gives the same trace hash', async () => {
  const scenario = KAFKA_SCENARIOS[0]!;
  const schedule = scheduleForSeed(scenario, 1);
  const a = await runOnce(scenario, 1, schedule);
  const b = await runOnce(scenario, 1, schedule);
  assert.is(a.result.traceHash, b.result.traceHash);
});

test.run();
