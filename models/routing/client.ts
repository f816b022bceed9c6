/**
 * A cache client routing by its own copy of the ring: a key goes to its owner in the client's view, which
 * starts from the bootstrap list and is replaced by any newer view a node answers `moved` with. After a
 * timeout the next request asks a random node (whose answer, if not ours, brings its view).
 * History ops: `get` / `put` with the key; `moved` and `unavailable` answers are `fail`.
 */
import type { CallResult, ClientWorkload } from '../../harness/index.js';
import type { KvReply, RoutingConfig } from './config.js';
import { HashRing } from './ring.js';

export function cacheClient(config: RoutingConfig, bootstrap: readonly string[], options: { thinkMs: [number, number]; keys: number }): ClientWorkload {
  return async (ctx) => {
    let epoch = -1;
    let ring = new HashRing(bootstrap, config.vnodes);
    let probe = false;
    let written = 0;
    while (!ctx.stopping) {
      const key = config.keys[ctx.rng.int(0, options.keys - 1)] as string;
      const put = ctx.rng.next() < 0.5;
      const value = put ? ctx.process * 100_000 + ++written : undefined;
      const op = ctx.invoke(put ? 'put' : 'get', value ?? null, key);
      const to: string = probe ? ctx.rng.pick(bootstrap) : (ring.ownerOf(key) ?? ctx.rng.pick(bootstrap));
      const reply: CallResult<KvReply> = await ctx.call<KvReply>(to, { type: 'kv', op: put ? 'put' : 'get', key, ...(put ? { value } : {}) }, { timeoutMs: config.requestTimeoutMs });
      probe = reply.status === 'timeout';
      if (reply.status === 'timeout') op.info();
      else if (reply.body.status === 'ok') op.ok(reply.body.value);
      else {
        if (reply.body.status === 'moved' && reply.body.epoch > epoch) {
          epoch = reply.body.epoch;
          ring = new HashRing(reply.body.members, config.vnodes);
        }
        op.fail(reply.body.status);
      }
      await ctx.sleep(ctx.rng.int(options.thinkMs[0], options.thinkMs[1]));
    }
  };
}
