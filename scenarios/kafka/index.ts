/** Kafka partition replication (one partition, three brokers, a controller): documented-unsafe configurations and a safe one. */
import { kafkaAcks1 } from './acks-1.js';
import { kafkaAcksAllFlushInterval } from './acks-all-flush-interval.js';
import { kafkaAcksAllMinIsr2 } from './acks-all-min-isr-2.js';
import { kafkaHwTruncation } from './hw-truncation.js';
import { kafkaUncleanElection } from './unclean-leader-election.js';

export const KAFKA_SCENARIOS = [kafkaUncleanElection, kafkaAcks1, kafkaHwTruncation, kafkaAcksAllMinIsr2, kafkaAcksAllFlushInterval];
