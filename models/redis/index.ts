/** A Redis server model: wall-clock expiry, AOF persistence, delayed restart, and master/replica replication. */
export { redis, describeCommand, isDataCommand, isRedisRequest, isWriteCommand, type DataCommand, type RedisCommand, type RedisReply, type RedisRequest, type ServerCommand } from './commands.js';
export { Keyspace, type Effect, type Entry } from './keyspace.js';
export { RedisServer, redisNode, AOF_LOG, KEYSPACE_LOG, BOOT_LOG, type Persistence, type RedisConfig } from './server.js';
export { ReplicatedRedisServer, replicatedRedisNode, REPL_LOG, type ReplicatedRedisConfig } from './replication.js';
export { isReplMessage, type ReplicationInfo, type ReplMessage } from './replication-messages.js';
export { RespRedisServer, respRedisNode, REDIS_PORT } from './resp-server.js';
export { KNOWN_SCRIPTS, type KnownScript } from './scripts.js';
