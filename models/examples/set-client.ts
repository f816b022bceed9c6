import type { ClientContext, ClientWorkload } from '../../harness/index.js';
import { runGrowOnlySet } from '../shared/grow-only-set.js';
import type { ClientReply } from './messages.js';

/**
 * Adds unique values, following redirects to the primary; once the run is winding down, waits for the
 * system to settle and reads the whole set (the final read the durability check needs).
 */
export interface SetClientConfig {
  timeoutMs: number;
  thinkMs: number;
  /** How long after `stopping` to wait before the final read. */
  settleMs: number;
}

export function setClient(config: SetClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx: ClientContext) => {
    let target = ctx.servers[clientNumber % ctx.servers.length] as string;
    const ask = async (f: 'add' | 'read', value: number | null): Promise<boolean> => {
      const op = ctx.invoke(f, value);
      const result = await ctx.call<ClientReply>(target, f === 'add' ? { type: 'add', value } : { type: 'read' }, { timeoutMs: config.timeoutMs });
      if (result.status === 'timeout') {
        op.info();
        target = ctx.rng.pick(ctx.servers);
        return false;
      }
      const reply = result.body;
      if (reply.type === 'add-ok') op.ok();
      else if (reply.type === 'read-ok') op.ok(reply.values);
      else {
        // Not the primary or no quorum: the reply says the operation was refused. (A quorum add that
        // timed out may still be on some replicas, so `unavailable` is indeterminate for adds.)
        if (reply.type === 'unavailable' && f === 'add') op.info();
        else op.fail();
        target = reply.type === 'not-primary' && reply.primary !== null ? reply.primary : ctx.rng.pick(ctx.servers);
        return false;
      }
      return true;
    };
    await runGrowOnlySet(ctx, clientNumber, { ...config, readRetryMs: config.thinkMs }, {
      add: (value) => ask('add', value),
      readAll: () => ask('read', null),
    });
  };
}
