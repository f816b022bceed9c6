/** Kafka partition replication (one partition, three brokers, a controller): documented-unsafe configurations and safe ones. */
import { kafkaAcks1 } from './acks-1.js';
import { kafkaAcksAllFlushInterval } from './acks-all-flush-interval.js';
import { kafkaAcksAllFlushIntervalElr } from './acks-all-flush-interval-elr.js';
import { kafkaAcksAllFsyncLastReplica } from './acks-all-fsync-last-replica.js';
import { kafkaAcksAllMinIsr2 } from './acks-all-min-isr-2.js';
import { kafkaHwTruncation } from './hw-truncation.js';
import { kafkaUncleanElection } from './unclean-leader-election.js';

export const KAFKA_SCENARIOS = [
  kafkaUncleanElection, kafkaAcks1, kafkaHwTruncation, kafkaAcksAllFlushInterval,
  kafkaAcksAllMinIsr2, kafkaAcksAllFlushIntervalElr, kafkaAcksAllFsyncLastReplica,
];
