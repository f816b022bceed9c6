import { LAST_REPLICA_STANDING } from './acks-all-flush-interval.js';
import { mixedArbitrary, oneOf } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, CLIENTS, CONTROLLER, KAFKA_DEFAULT_RATIO_TIMING, KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * kafka/acks-all-flush-interval with every append fsynced before it counts, before KIP-966: the last ISR
 * member still crashes alone in its ISR and is elected again, but its log comes back whole, so nothing
 * acknowledged is lost. Any broker may crash here (a crash loses nothing on disk).
 */
export const kafkaAcksAllFsyncLastReplica = kafkaScenario({
  id: 'kafka/acks-all-fsync-last-replica',
  description: 'Kafka before KIP-966, acks=all, min.insync.replicas=2, fsync per write, Kafka\'s default timing ratios: the last ISR member crashes and leads again with its whole log; no acknowledged write is lost.',
  tags: ['kafka', 'nightly'],
  expect: 'pass',
  config: { kafka: { ...KAFKA_SAFE, ...KAFKA_DEFAULT_RATIO_TIMING }, client: CLIENT_DEFAULTS },
  nemesis: {
    schedule: {},
    arbitrary: oneOf(
      { weight: 3, arbitrary: LAST_REPLICA_STANDING },
      { weight: 1, arbitrary: mixedArbitrary([...BROKERS, CONTROLLER], CLIENTS) },
    ),
  },
  seeds: { test: 8, nightly: 300 },
  coverage: [{ goal: 'kafka-last-isr-member-crashed', atLeast: 1 }, { goal: 'kafka-isr-shrunk-to-one', atLeast: 1 }],
});
