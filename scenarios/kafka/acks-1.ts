import { faultsAtPoints } from '../../harness/index.js';
import { crashLeaderArbitrary, isolatedLeaderArbitrary, oneOf } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, CLIENTS, KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * Documented unsafe: with acks=1 the leader answers as soon as it has appended, before any follower has
 * fetched the record ("acks=1 ... if the leader fails immediately after acknowledging the record but
 * before the followers have replicated it then the record will be lost", producer configs). A leader
 * crash, or a leader cut off with a producer while the controller elects a follower, loses them; the
 * nemesis keeps the leader away past the session timeout (1.5 s), so every draw is a failover. The
 * broker side is otherwise the safe configuration (min ISR 2, no unclean election, KIP-101, fsync).
 */
export const kafkaAcks1 = kafkaScenario({
  id: 'kafka/acks-1',
  description: 'Kafka, acks=1: the leader acknowledges before followers have the record; a failover to a follower loses it.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'violation',
  config: { kafka: KAFKA_SAFE, client: { ...CLIENT_DEFAULTS, acks: 1 } },
  nemesis: {
    schedule: {},
    arbitrary: oneOf(
      { weight: 3, arbitrary: isolatedLeaderArbitrary(BROKERS[0]!, CLIENTS[0]!, 1600 * 1000) },
      { weight: 1, arbitrary: crashLeaderArbitrary(BROKERS[0]!, 1600 * 1000) },
    ),
    // The leader crashes right after acknowledging a record no follower has fetched, down past the session timeout.
    triggered: faultsAtPoints({ points: ['kafka:acked-above-hw'], reporters: BROKERS, kinds: ['crash'], victims: BROKERS, durationMs: { min: 1600, max: 3000 } }),
  },
  seeds: { test: 6, nightly: 100 },
  coverage: [{ goal: 'kafka-leader-elected', atLeast: 1 }, { goal: 'kafka-truncate', atLeast: 1 }],
});
