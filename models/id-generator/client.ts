/** Asks a random generator for an ID, over and over (history op `next-id`; a refusal is `fail`). */
import type { ClientWorkload } from '../../harness/index.js';
import type { IdReply } from './snowflake.js';

export function idClient(options: { generators: readonly string[]; timeoutMs: number; thinkMs: [number, number] }): ClientWorkload {
  return async (ctx) => {
    while (!ctx.stopping) {
      const op = ctx.invoke('next-id', null);
      const reply = await ctx.call<IdReply>(ctx.rng.pick(options.generators), { type: 'next-id' }, { timeoutMs: options.timeoutMs });
      if (reply.status !== 'ok') op.info();
      else if (reply.body.ok) op.ok(reply.body.id);
      else op.fail(reply.body.error);
      await ctx.sleep(ctx.rng.int(options.thinkMs[0], options.thinkMs[1]));
    }
  };
}
