import { kafkaAcksAllMinIsr2 } from './acks-all-min-isr-2.js';
import { KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * kafka/acks-all-min-isr-2 with the log flushed every 200 ms instead of per append (log.flush.interval.ms,
 * Kafka's default way: durability comes from replication, not fsync). A crashed broker comes back with
 * the log it had on disk, possibly missing acknowledged records. That is safe as long as the restarted
 * broker cannot lead or count as in sync on the strength of its previous self: at start-up it registers a
 * new incarnation and gets a new broker epoch, and the controller fences the old one, taking it out of the
 * ISR and electing another leader in a new leader epoch (KIP-631 BrokerRegistration, KIP-903). Same
 * nemeses as kafka/acks-all-min-isr-2, leader crashes that restart within the session timeout included.
 */
export const kafkaAcksAllFlushInterval = kafkaScenario({
  id: 'kafka/acks-all-flush-interval',
  description: 'Kafka, acks=all, min.insync.replicas=2, log flushed every 200 ms: a restarted broker is fenced as a new incarnation, so no acknowledged write is lost.',
  tags: ['kafka', 'nightly'],
  expect: 'pass',
  config: { kafka: { ...KAFKA_SAFE, flush: 'interval', flushIntervalMs: 200 }, client: kafkaAcksAllMinIsr2.config.client },
  nemesis: kafkaAcksAllMinIsr2.nemesis,
  seeds: { test: 8, nightly: 300 },
  coverage: [...kafkaAcksAllMinIsr2.coverage ?? [], { goal: 'kafka-fence-restarted-broker', atLeast: 1 }],
});
