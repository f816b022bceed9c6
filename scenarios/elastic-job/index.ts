/** ElasticJob-Lite sharding over the ZooKeeper model: crash-stop is safe, a paused instance is not. */
import { elasticJobPausedInstance } from './paused-instance.js';
import { elasticJobSafe } from './safe.js';

export { elasticJobSafe, elasticJobPausedInstance };
export const ELASTIC_JOB_SCENARIOS = [elasticJobSafe, elasticJobPausedInstance];
