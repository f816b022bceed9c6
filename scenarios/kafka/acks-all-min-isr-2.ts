import { crashLeaderArbitrary, isolatedLeaderArbitrary, kip101Arbitrary, leaderAloneArbitrary, mixedArbitrary, oneOf, quickCrashesArbitrary } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, CLIENTS, CONTROLLER, KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * Safe for acknowledged writes: acks=all, min.insync.replicas=2, no unclean leader election, KIP-101
 * truncation (a follower asks the leader where its epoch ends instead of cutting its log at its high
 * watermark), and every append fsynced before it counts. An acknowledged record is on every ISR member
 * (at least two) and the controller only elects an ISR member, so no single failure loses it. Every
 * nemesis the unsafe scenarios use runs here too, besides partitions (clients included), crashes of
 * brokers and the controller, pauses, drift and slow links: no acknowledged write may be lost, the
 * replicas must agree, and after the heal a leader with a full ISR must come back.
 */
export const kafkaAcksAllMinIsr2 = kafkaScenario({
  id: 'kafka/acks-all-min-isr-2',
  description: 'Kafka, acks=all, min.insync.replicas=2, no unclean election, KIP-101, fsync: no acknowledged write is lost under partitions, crashes, pauses and slow links.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'pass',
  config: { kafka: KAFKA_SAFE, client: CLIENT_DEFAULTS },
  nemesis: {
    schedule: {},
    arbitrary: oneOf(
      { weight: 3, arbitrary: mixedArbitrary([...BROKERS, CONTROLLER], CLIENTS) },
      { weight: 1, arbitrary: isolatedLeaderArbitrary(BROKERS[0]!, CLIENTS[0]!) },
      { weight: 1, arbitrary: crashLeaderArbitrary(BROKERS[0]!) },
      { weight: 1, arbitrary: leaderAloneArbitrary(BROKERS[0]!, BROKERS.slice(1)) },
      { weight: 1, arbitrary: kip101Arbitrary(BROKERS[0]!, BROKERS[1]!) },
      { weight: 1, arbitrary: kip101Arbitrary(BROKERS[0]!, BROKERS[1]!, 100 * 1000) },
      { weight: 1, arbitrary: quickCrashesArbitrary(BROKERS) },
    ),
  },
  seeds: { test: 8, nightly: 300 },
  coverage: [
    { goal: 'kafka-leader-elected', atLeast: 1 },
    { goal: 'kafka-isr-shrink', atLeast: 1 },
    { goal: 'kafka-isr-expand', atLeast: 1 },
    { goal: 'kafka-truncate', atLeast: 1 },
  ],
});
