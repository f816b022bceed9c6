/**
 * The Redis commands the models need, as messages. `cad` and `cax` stand for the Lua scripts lock clients
 * send (EVAL runs atomically on the server, so they are single commands here):
 *   cad: if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end
 *   cax: if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end
 * `set-nx-incr` is the script a single-instance lock with fencing tokens uses: SET NX PX and, if it
 * set the key, INCR the fencing counter, returning the token with the grant (Kleppmann 2016).
 */
import type { NodeId } from '../../harness/index.js';

/** Commands that run in the keyspace. */
export type DataCommand =
  | { cmd: 'set'; key: string; value: string; nx?: boolean; px?: number }
  | { cmd: 'get'; key: string }
  | { cmd: 'del'; key: string }
  | { cmd: 'pexpire'; key: string; px: number }
  | { cmd: 'incr'; key: string }
  | { cmd: 'cad'; key: string; value: string }
  | { cmd: 'cax'; key: string; value: string; px: number }
  | { cmd: 'set-nx-incr'; key: string; value: string; px: number; counter: string }
  /** KEYS prefix*: the matching names, sorted, joined by ' '. */
  | { cmd: 'keys'; prefix: string };

/** Server and replication commands (see replication.ts; a plain RedisServer answers only PING). */
export type ServerCommand =
  | { cmd: 'ping' }
  /** WAIT numreplicas timeout (timeoutMs 0 = forever): how many replicas acknowledged the offset of the call. */
  | { cmd: 'wait'; numreplicas: number; timeoutMs: number }
  /** REPLICAOF host port; null = REPLICAOF NO ONE. */
  | { cmd: 'replicaof'; master: NodeId | null }
  /** INFO replication: a JSON ReplicationInfo. */
  | { cmd: 'info-replication' };

export type RedisCommand = DataCommand | ServerCommand;

/** Request envelope body. */
export interface RedisRequest {
  type: 'redis';
  command: RedisCommand;
}

/**
 * `result` follows Redis: SET -> 'OK' or null (NX and the key exists); GET -> the value or null;
 * DEL / PEXPIRE / cad / cax -> 1 or 0; INCR -> the new integer; set-nx-incr -> the token or null.
 */
export type RedisReply =
  | { type: 'redis-ok'; result: string | number | null }
  /**
   * LOADING: a delayed restart is still refusing commands. ERR: a malformed or unsupported command.
   * READONLY: a write sent to a replica. NOREPLICAS: fewer good replicas than min-replicas-to-write.
   */
  | { type: 'redis-error'; error: 'LOADING' | 'ERR' | 'READONLY' | 'NOREPLICAS'; message: string };

export function isRedisRequest(body: unknown): body is RedisRequest {
  return (body as { type?: unknown } | null)?.type === 'redis';
}

export function redis(command: RedisCommand): RedisRequest {
  return { type: 'redis', command };
}

export function isDataCommand(c: RedisCommand): c is DataCommand {
  return c.cmd !== 'ping' && c.cmd !== 'wait' && c.cmd !== 'replicaof' && c.cmd !== 'info-replication';
}

/** Commands with Redis's `write` flag (scripts count as writes: their redis.call writes are refused the same way). */
export function isWriteCommand(c: RedisCommand): boolean {
  return isDataCommand(c) && c.cmd !== 'get' && c.cmd !== 'keys';
}

/** "SET lock c1:3 NX PX 1000" */
export function describeCommand(c: RedisCommand): string {
  switch (c.cmd) {
    case 'set':
      return `SET ${c.key} ${c.value}${c.nx ? ' NX' : ''}${c.px !== undefined ? ` PX ${c.px}` : ''}`;
    case 'get':
    case 'del':
    case 'incr':
      return `${c.cmd.toUpperCase()} ${c.key}`;
    case 'pexpire':
      return `PEXPIRE ${c.key} ${c.px}`;
    case 'cad':
      return `EVAL compare-and-delete ${c.key} ${c.value}`;
    case 'cax':
      return `EVAL compare-and-extend ${c.key} ${c.value} ${c.px}`;
    case 'set-nx-incr':
      return `EVAL set-nx-incr ${c.key} ${c.value} PX ${c.px} INCR ${c.counter}`;
    case 'keys':
      return `KEYS ${c.prefix}*`;
    case 'ping':
      return 'PING';
    case 'wait':
      return `WAIT ${c.numreplicas} ${c.timeoutMs}`;
    case 'replicaof':
      return `REPLICAOF ${c.master ?? 'NO ONE'}`;
    case 'info-replication':
      return 'INFO replication';
  }
}
