import type { AnyScenario } from '../harness/index.js';
import { ELASTIC_JOB_SCENARIOS } from './elastic-job/index.js';
import { primaryBackup } from './examples/primary-backup.js';
import { quorumSet } from './examples/quorum-set.js';
import { KAFKA_SCENARIOS } from './kafka/index.js';
import { REAL_REDLOCK_SCENARIOS } from './real-redlock/index.js';
import { REAL_ZOOKEEPER_SCENARIOS } from './real-zookeeper/index.js';
import { REDLOCK_SCENARIOS } from './redlock/index.js';
import { SENTINEL_SCENARIOS } from './redis-sentinel/index.js';
import { ZOOKEEPER_SCENARIOS } from './zookeeper/index.js';
import { ATOMIC_COMMIT_SCENARIOS } from './atomic-commit/index.js';
import { ID_GENERATOR_SCENARIOS } from './id-generator/index.js';
import { ROUTING_SCENARIOS } from './routing/index.js';

/** Every scenario faultline knows, in a stable order. Add new ones here. */
export const SCENARIOS: readonly AnyScenario[] = [
  primaryBackup,
  quorumSet,
  ...REDLOCK_SCENARIOS,
  ...REAL_REDLOCK_SCENARIOS,
  ...ZOOKEEPER_SCENARIOS,
  ...REAL_ZOOKEEPER_SCENARIOS,
  ...SENTINEL_SCENARIOS,
  ...KAFKA_SCENARIOS,
  ...ELASTIC_JOB_SCENARIOS,
  ...ATOMIC_COMMIT_SCENARIOS,
  ...ID_GENERATOR_SCENARIOS,
  ...ROUTING_SCENARIOS,
];
