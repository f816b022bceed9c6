/** The catalogue's models, one namespace per system, for scenarios of one's own over them (`faultline/models`). */
export * as examples from './examples/index.js';
export * as zookeeper from './zookeeper/index.js';
export * as redis from './redis/index.js';
export * as sentinel from './sentinel/index.js';
export * as redlock from './redlock/index.js';
export * as kafka from './kafka/index.js';
export * as elasticJob from './elastic-job/index.js';
export * as atomicCommit from './atomic-commit/index.js';
export * as idGenerator from './id-generator/index.js';
export * as routing from './routing/index.js';
