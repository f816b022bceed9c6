/**
 * A lock on a single Redis instance (the distlock page's "correct implementation with a single
 * instance"): SET key value NX PX ttl, released with compare-and-delete. It is safe only while that
 * node keeps its keys: with persistence off, a crash and restart forgets the lock and a second client
 * gets it while the first still holds it (the page's own caveat). With fencing, the grant and the
 * token come from one atomic script (SET NX PX + INCR on the same Redis), so token order is grant order.
 */
import type { ClientContext, NodeId } from '../../harness/index.js';
import { redis, type RedisReply } from '../redis/commands.js';
import { driftAllowanceMs, type Grant, type LockService } from './service.js';

export interface SingleLockConfig {
  node: NodeId;
  ttlMs: number;
  timeoutMs: number;
  /** Issue a fencing token with every grant (INCR of this key on the same node, atomically). */
  fencingCounter: string | null;
}

export function singleInstanceLock(config: SingleLockConfig): LockService {
  const { node, ttlMs, timeoutMs } = config;
  return {
    ttlMs,
    async acquire(ctx: ClientContext, key: string, value: string): Promise<Grant | null> {
      const startMono = ctx.monotonicNow();
      const command = config.fencingCounter === null
        ? redis({ cmd: 'set', key, value, nx: true, px: ttlMs })
        : redis({ cmd: 'set-nx-incr', key, value, px: ttlMs, counter: config.fencingCounter });
      const r = await ctx.call<RedisReply>(node, command, { timeoutMs });
      const ok = r.status === 'ok' && r.body.type === 'redis-ok' && r.body.result !== null;
      const deadlineMono = startMono + ttlMs - driftAllowanceMs(ttlMs);
      if (!ok || ctx.monotonicNow() >= deadlineMono) {
        // A timed-out SET may have landed: delete it so it does not block everyone for a TTL.
        ctx.send(node, redis({ cmd: 'cad', key, value }));
        return null;
      }
      const token = config.fencingCounter === null ? null : ((r.body as { result: number }).result);
      return { key, value, startMono, deadlineMono, grantedUs: Math.round(ctx.trueNow() * 1000), grantedMono: ctx.monotonicNow(), token, nodes: [node] };
    },
    async extend(ctx: ClientContext, grant: Grant): Promise<boolean> {
      const startMono = ctx.monotonicNow();
      const r = await ctx.call<RedisReply>(node, redis({ cmd: 'cax', key: grant.key, value: grant.value, px: ttlMs }), { timeoutMs });
      const ok = r.status === 'ok' && r.body.type === 'redis-ok' && r.body.result === 1;
      if (!ok || ctx.monotonicNow() >= grant.deadlineMono) return false;
      grant.deadlineMono = startMono + ttlMs - driftAllowanceMs(ttlMs);
      return true;
    },
    release(ctx: ClientContext, grant: Grant): void {
      ctx.send(node, redis({ cmd: 'cad', key: grant.key, value: grant.value }));
    },
  };
}
