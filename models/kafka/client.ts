import type { ClientContext, ClientWorkload, NodeId } from '../../harness/index.js';
import { runGrowOnlySet } from '../shared/grow-only-set.js';

/**
 * A Kafka producer on a one-partition topic, as the Java producer behaves with retries off: it asks a
 * broker for metadata (the partition's leader), sends each record to the leader with `acks`, and asks
 * again after NOT_LEADER or a timeout. Values are unique (client k: k, k+1000, k+2000, ...) and recorded
 * as `add`s: ok on produce-ok; fail when the broker refused before appending (NOT_ENOUGH_REPLICAS);
 * info when it may have appended (a timeout, TIMEOUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND, or
 * NOT_LEADER, which also answers requests appended before leadership moved). Once the run winds
 * down, client 0 waits `settleMs` and reads every committed record (below the high watermark) from the
 * leader the controller names: the final read.
 */
export interface KafkaProducerConfig {
  /** Bootstrap servers: the partition's replicas. */
  brokers: readonly NodeId[];
  controller: NodeId;
  acks: 'all' | 1;
  timeoutMs: number;
  thinkMs: number;
  settleMs: number;
}

type ProduceReply =
  | { type: 'produce-ok'; offset: number }
  | { type: 'produce-error'; error: 'NOT_LEADER' | 'NOT_ENOUGH_REPLICAS' | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' | 'TIMEOUT'; leader: NodeId | null };
type MetadataReply = { type: 'metadata-ok'; leader: NodeId | null; leaderEpoch: number; isr: NodeId[] };
type CommittedReply = { type: 'committed'; values: number[]; highWatermark: number } | { type: 'produce-error'; error: string; leader: NodeId | null };

export function kafkaProducer(config: KafkaProducerConfig, clientNumber: number): ClientWorkload {
  return async (ctx: ClientContext) => {
    let leader: NodeId | null = null;
    let next = clientNumber % config.brokers.length;

    /** Metadata from the brokers in turn (bootstrap servers), then the controller; `controllerFirst` for the final read. */
    const discover = async (controllerFirst = false): Promise<NodeId | null> => {
      const order: NodeId[] = [];
      for (let i = 0; i < config.brokers.length; i++) order.push(config.brokers[(next + i) % config.brokers.length]!);
      next = (next + 1) % config.brokers.length;
      if (controllerFirst) order.unshift(config.controller);
      else order.push(config.controller);
      for (const node of order) {
        const answer = await ctx.call<MetadataReply>(node, { type: 'metadata' }, { timeoutMs: config.timeoutMs });
        if (answer.status === 'ok' && answer.body.type === 'metadata-ok' && answer.body.leader !== null) return answer.body.leader;
      }
      return null;
    };

    const add = async (value: number): Promise<void> => {
      leader ??= await discover();
      const op = ctx.invoke('add', value);
      if (leader === null) return op.fail(); // nothing was sent
      const result = await ctx.call<ProduceReply>(leader, { type: 'produce', value, acks: config.acks }, { timeoutMs: config.timeoutMs });
      if (result.status === 'timeout') {
        leader = null;
        return op.info(); // it may have been appended
      }
      const reply = result.body;
      if (reply.type === 'produce-ok') return op.ok();
      switch (reply.error) {
        case 'NOT_LEADER':
          leader = reply.leader !== null && reply.leader !== result.from ? reply.leader : null;
          // Kafka answers NOT_LEADER_OR_FOLLOWER both to a request it never appended and to one waiting
          // in purgatory when leadership moved (appended, and it may survive): the producer cannot tell.
          return op.info();
        case 'NOT_ENOUGH_REPLICAS':
          return op.fail(); // refused before the append
        default:
          return op.info(); // TIMEOUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND: appended, maybe kept
      }
    };

    await runGrowOnlySet(ctx, clientNumber, { ...config, readRetryMs: config.thinkMs * 10 }, {
      add,
      readAll: async () => {
        const target = await discover(true);
        const op = ctx.invoke('read', null);
        if (target !== null) {
          const answer = await ctx.call<CommittedReply>(target, { type: 'fetch-committed' }, { timeoutMs: config.timeoutMs });
          if (answer.status === 'ok' && answer.body.type === 'committed') {
            op.ok([...answer.body.values]);
            return true;
          }
        }
        op.fail();
        return false;
      },
    });
  };
}
