import { KAFKA_WRITEBACK, LAST_REPLICA_STANDING } from './acks-all-flush-interval.js';
import { mixedArbitrary, oneOf } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, CLIENTS, CONTROLLER, kafkaScenario } from './shared.js';

/**
 * kafka/acks-all-flush-interval with KIP-966 Eligible Leader Replicas: the followers fenced while the ISR was
 * below min.insync.replicas are eligible leaders (the HW has stood still since, so they hold every acknowledged
 * write), the leader's unclean shutdown takes it out of the ISR and the ELR, and an ELR member is elected
 * instead. KIP-966 tolerates min.insync.replicas - 1 = 1 broker losing data in unclean shutdowns, so only b1
 * (and the controller, which fsyncs) crashes here: the last-replica-standing nemesis, and partitions, pauses,
 * drift and slow links of every node. The coverage goals show the leader did crash alone in its ISR with
 * acknowledged writes unflushed, and an ELR member took over.
 */
export const kafkaAcksAllFlushIntervalElr = kafkaScenario({
  id: 'kafka/acks-all-flush-interval-elr',
  description: 'Kafka with KIP-966 eligible leader replicas, acks=all, min.insync.replicas=2, log flushed by OS writeback: the last ISR member loses its page cache, an eligible replica leads instead, and no acknowledged write is lost.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'pass',
  config: { kafka: { ...KAFKA_WRITEBACK, eligibleLeaderReplicas: true }, client: CLIENT_DEFAULTS },
  nemesis: {
    schedule: {},
    arbitrary: oneOf(
      { weight: 3, arbitrary: LAST_REPLICA_STANDING },
      { weight: 1, arbitrary: mixedArbitrary([...BROKERS, CONTROLLER], CLIENTS, [BROKERS[0]!, CONTROLLER]) },
    ),
  },
  // The leader loses acknowledged writes it held alone on about 1 seed in 10 (measured over seeds 1-100).
  seeds: { test: 20, nightly: 300 },
  coverage: [
    { goal: 'kafka-last-isr-member-lost-acked-entries', atLeast: 1 },
    { goal: 'kafka-unclean-shutdown', atLeast: 1 },
    { goal: 'kafka-elr-election', atLeast: 1 },
  ],
});
