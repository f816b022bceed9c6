/** ElasticJob-Lite sharding coordinated through the ZooKeeper model: instances are ZooKeeper clients. */
export { jobPaths, type ElasticJobConfig, type JobPaths } from './config.js';
export { averageAllocation } from './strategy.js';
export { elasticJobInstance } from './instance.js';
