import type { ClientContext, ClientWorkload, NodeId } from '../../harness/index.js';
import { redis, type RedisCommand, type RedisReply } from '../redis/commands.js';
import { runGrowOnlySet } from '../shared/grow-only-set.js';

/**
 * A Sentinel-aware client, as redis-py's or Jedis's Sentinel support works: ask a sentinel for the
 * master's address, send commands there, and ask again after an error or a timeout. It adds unique
 * values to a grow-only set (one key per value: `add:<value>`); with `waitReplicas`, a write counts as
 * acknowledged only once WAIT reports that many replicas have it. Once the run winds down, client 0
 * waits for the system to settle and reads the whole set from the master (the final read).
 */
export interface SentinelClientConfig {
  sentinels: readonly NodeId[];
  masterName: string;
  timeoutMs: number;
  thinkMs: number;
  settleMs: number;
  /** WAIT numreplicas after each write (0: no WAIT, the write is acknowledged by the master alone). */
  waitReplicas: number;
  waitTimeoutMs: number;
}

export const ADD_PREFIX = 'add:';

type Sent = { status: 'reply'; reply: RedisReply } | { status: 'timeout' };

export function sentinelSetClient(config: SentinelClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx: ClientContext) => {
    let master: NodeId | null = null;
    let nextSentinel = clientNumber % config.sentinels.length;

    /** SENTINEL get-master-addr-by-name, asking the sentinels in turn. */
    const discover = async (): Promise<NodeId | null> => {
      for (let tries = 0; tries < config.sentinels.length; tries++) {
        const sentinel = config.sentinels[nextSentinel] as NodeId;
        nextSentinel = (nextSentinel + 1) % config.sentinels.length;
        const answer = await ctx.call<{ type: 'master-addr'; master: NodeId | null }>(
          sentinel, { type: 'get-master-addr-by-name', name: config.masterName }, { timeoutMs: config.timeoutMs });
        if (answer.status === 'ok' && answer.body.master !== null) return answer.body.master;
      }
      return null;
    };
    const send = async (command: RedisCommand, timeoutMs = config.timeoutMs): Promise<Sent> => {
      master ??= await discover();
      if (master === null) return { status: 'timeout' };
      const result = await ctx.call<RedisReply>(master, redis(command), { timeoutMs });
      if (result.status === 'timeout') {
        master = null;
        return { status: 'timeout' };
      }
      if (result.body.type === 'redis-error') master = null; // READONLY, NOREPLICAS, LOADING: ask the sentinels again
      return { status: 'reply', reply: result.body };
    };

    const add = async (value: number): Promise<void> => {
      const op = ctx.invoke('add', value);
      const set = await send({ cmd: 'set', key: `${ADD_PREFIX}${value}`, value: '1' });
      if (set.status === 'timeout') return op.info(); // it may have been applied
      if (set.reply.type === 'redis-error') return op.fail(); // refused before it touched the keyspace
      if (config.waitReplicas === 0) return op.ok();
      const wait = await send({ cmd: 'wait', numreplicas: config.waitReplicas, timeoutMs: config.waitTimeoutMs }, config.waitTimeoutMs + config.timeoutMs);
      // The write is on the master either way; fewer replicas than asked leaves it unconfirmed, not undone.
      if (wait.status === 'reply' && wait.reply.type === 'redis-ok' && (wait.reply.result as number) >= config.waitReplicas) op.ok();
      else op.info();
    };

    await runGrowOnlySet(ctx, clientNumber, { ...config, readRetryMs: config.thinkMs * 10 }, {
      add,
      readAll: async () => {
        const op = ctx.invoke('read', null);
        const keys = await send({ cmd: 'keys', prefix: ADD_PREFIX });
        if (keys.status === 'reply' && keys.reply.type === 'redis-ok') {
          const names = (keys.reply.result as string).split(' ').filter((k) => k !== '');
          op.ok(names.map((k) => Number(k.slice(ADD_PREFIX.length))));
          return true;
        }
        op.fail();
        return false;
      },
    });
  };
}
