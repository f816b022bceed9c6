/** The Kafka model: one partition replicated on brokers, a controller, and what checkers read from a run. */
export { kafkaBroker, KafkaBroker, type BrokerRole } from './broker.js';
export { kafkaController, KafkaController } from './controller.js';
export { kafkaConfig, DEFAULT_KAFKA_CONFIG, type KafkaConfig } from './config.js';
export { LeaderEpochCache, type EpochEntry } from './epoch-cache.js';
export type * from './messages.js';
export { KAFKA_LOG } from './messages.js';
