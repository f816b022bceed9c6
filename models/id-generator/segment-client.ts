/**
 * An application process with an embedded segment allocator (Hibernate's pooled optimizer; Leaf's segment
 * service answers the same way): asks it for an ID over and over (history op `next-id`; no range to be had
 * is `fail`), noting each ID it hands out (`id-issued`, with the process as the worker).
 */
import type { ClientWorkload } from '../../harness/index.js';
import { SegmentAllocator, type SegmentConfig } from './segment.js';

export const ID_ISSUED_NOTE = 'id-issued';

export function segmentClient(config: SegmentConfig, clientNumber: number, thinkMs: [number, number]): ClientWorkload {
  return async (ctx) => {
    const allocator = new SegmentAllocator(ctx, config, clientNumber);
    while (!ctx.stopping) {
      const op = ctx.invoke('next-id', null);
      const id = await allocator.next();
      if (id === null) op.fail('no range');
      else {
        ctx.note(ID_ISSUED_NOTE, { id: id.toString(), worker: clientNumber });
        op.ok(id.toString());
      }
      await ctx.sleep(ctx.rng.int(thinkMs[0], thinkMs[1]));
    }
  };
}
