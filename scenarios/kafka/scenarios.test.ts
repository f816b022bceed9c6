/**
 * Every Kafka scenario swept over its seeds (see sweep.test-util.ts): each unsafe one must be caught by the
 * checkers that name its flaw (lost acknowledged writes; for the pre-KIP-101 truncation also diverging
 * replicas), the safe one never fails, and every run ends with a leader and a full ISR.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ACKNOWLEDGED_ADDS, LOG_AGREEMENT } from './shared.js';
import { KAFKA_SCENARIOS } from './index.js';

/** What must have happened on a violating seed of each unsafe scenario. */
const FLAW_COVERAGE: Record<string, string> = {
  'kafka/unclean-leader-election': 'kafka-unclean-election',
  'kafka/acks-1': 'kafka-leader-elected',
  'kafka/hw-truncation-pre-kip-101': 'kafka-truncate-to-hw',
  'kafka/acks-all-flush-interval': 'kafka-last-isr-member-lost-acked-entries',
};

sweepTests(KAFKA_SCENARIOS, {
  // Only the flaw's checkers may fail; liveness (a leader and a full ISR after the heal) still holds.
  flawCheckers: {
    'kafka/unclean-leader-election': [ACKNOWLEDGED_ADDS.name],
    'kafka/acks-1': [ACKNOWLEDGED_ADDS.name],
    'kafka/hw-truncation-pre-kip-101': [ACKNOWLEDGED_ADDS.name, LOG_AGREEMENT.name],
    'kafka/acks-all-flush-interval': [ACKNOWLEDGED_ADDS.name],
  },
  onViolation: (scenario, { seed, result }) => {
    const goal = FLAW_COVERAGE[scenario.id]!;
    assert.ok((result.coverage[goal] ?? 0) > 0, `seed ${seed}: a violation without ${goal}`);
  },
});

determinismTest(KAFKA_SCENARIOS[0]!, 1);

test.run();
