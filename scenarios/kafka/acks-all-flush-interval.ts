import { lastReplicaStandingArbitrary } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, KAFKA_DEFAULT_RATIO_TIMING, KAFKA_SAFE, kafkaScenario } from './shared.js';

/** acks=all, min.insync.replicas=2, the log left to the page cache, at Kafka's default timing ratios. */
export const KAFKA_WRITEBACK = { ...KAFKA_SAFE, ...KAFKA_DEFAULT_RATIO_TIMING, flush: 'interval' } as const;

/** The followers b3 then b2 cut off, the leader b1 alone in the ISR and crashing (nemesis.ts). */
export const LAST_REPLICA_STANDING = lastReplicaStandingArbitrary(BROKERS[0]!, [BROKERS[2]!, BROKERS[1]!], KAFKA_DEFAULT_RATIO_TIMING);

/**
 * Documented unsafe before KIP-966 ("last replica standing", KIP-966's motivation): Kafka leaves durability to
 * replication and the log to the page cache. Fencing a restarted broker (KIP-631, KIP-903) takes it out of the
 * ISR, but the last ISR member cannot leave it: when the followers have been fenced and the leader alone is in
 * the ISR, an unclean shutdown of the leader loses the acknowledged writes still in its page cache, it comes
 * back as the only replica the controller may elect, and the followers that held those writes truncate to it.
 * Kafka's defaults (session 9 s, lag 30 s, writeback after about 30 s) make that window wide; the nemesis
 * reaches it. kafka/acks-all-flush-interval-elr (KIP-966) and kafka/acks-all-fsync-last-replica (fsync per
 * write) survive the same nemesis.
 */
export const kafkaAcksAllFlushInterval = kafkaScenario({
  id: 'kafka/acks-all-flush-interval',
  description: 'Kafka before KIP-966, acks=all, min.insync.replicas=2, log flushed by OS writeback: the last ISR member loses acknowledged writes in an unclean shutdown, is elected again, and the followers truncate to it.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'violation',
  config: { kafka: KAFKA_WRITEBACK, client: CLIENT_DEFAULTS },
  nemesis: { schedule: {}, arbitrary: LAST_REPLICA_STANDING },
  seeds: { test: 8, nightly: 100 },
  coverage: [{ goal: 'kafka-isr-shrunk-to-one', atLeast: 1 }, { goal: 'kafka-last-isr-member-lost-acked-entries', atLeast: 1 }],
});
