/** A Redis server model: commands a lock needs, wall-clock expiry, AOF persistence, delayed restart. */
export { redis, describeCommand, isRedisRequest, type RedisCommand, type RedisReply, type RedisRequest } from './commands.js';
export { Keyspace, type Effect, type Entry } from './keyspace.js';
export { RedisServer, redisNode, AOF_LOG, KEYSPACE_LOG, BOOT_LOG, type Persistence, type RedisConfig } from './server.js';
