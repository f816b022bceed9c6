/**
 * Redlock, as the Redis distlock page specifies it:
 * 1. take the current time (the client's monotonic clock);
 * 2. try SET key value NX PX ttl on all N masters in turn, each with a timeout much smaller than the TTL;
 * 3. the lock is held if a majority (N/2+1) said yes and the time elapsed is below the TTL; its
 *    validity is TTL - elapsed - drift allowance (TTL*0.01 + 2 ms);
 * 4. otherwise unlock every instance (even those that did not answer) and retry after a random delay.
 * Fencing: Redlock has no monotonic counter of its own (Kleppmann 2016). When `fence` is set, the
 * client takes a token from a separate fencing counter after winning the majority: INCR on a dedicated
 * single Redis node with aof-always. The token comes after the grant, not with it, so its order matches
 * grant order only when holders really are exclusive; a client that then finds its validity used up
 * gives the lock back without writing.
 */
import type { ClientContext, NodeId } from '../../harness/index.js';
import { redis, type RedisReply } from '../redis/commands.js';
import { driftAllowanceMs, type Grant, type LockService } from './service.js';

export interface RedlockConfig {
  nodes: NodeId[];
  ttlMs: number;
  /** Per-node timeout: much smaller than the TTL, so a dead node does not eat the validity. */
  nodeTimeoutMs: number;
  /** The fencing counter's node and key, or null for no tokens. */
  fence: { node: NodeId; key: string; timeoutMs: number } | null;
}

const said = (r: Awaited<ReturnType<ClientContext['call']>>, result: unknown): boolean =>
  r.status === 'ok' && (r.body as RedisReply).type === 'redis-ok' && (r.body as { result: unknown }).result === result;

export function redlock(config: RedlockConfig): LockService {
  const { nodes, ttlMs, nodeTimeoutMs } = config;
  const quorum = Math.floor(nodes.length / 2) + 1;
  const drift = driftAllowanceMs(ttlMs);
  const unlockAll = (ctx: ClientContext, key: string, value: string) => {
    for (const node of nodes) ctx.send(node, redis({ cmd: 'cad', key, value }));
  };
  return {
    ttlMs,
    async acquire(ctx: ClientContext, key: string, value: string): Promise<Grant | null> {
      const startMono = ctx.monotonicNow();
      const granted: NodeId[] = [];
      for (const node of nodes) {
        const r = await ctx.call(node, redis({ cmd: 'set', key, value, nx: true, px: ttlMs }), { timeoutMs: nodeTimeoutMs });
        if (said(r, 'OK')) granted.push(node);
      }
      const validityMs = ttlMs - (ctx.monotonicNow() - startMono) - drift;
      if (granted.length < quorum || validityMs <= 0) {
        if (granted.length >= quorum) ctx.cover('redlock-majority-but-no-validity');
        unlockAll(ctx, key, value);
        return null;
      }
      if (granted.length === quorum && nodes.length > 1) ctx.cover('redlock-bare-majority');
      ctx.point('redlock:acquired', granted.join(','));
      const grant: Grant = {
        key, value, startMono, deadlineMono: startMono + ttlMs - drift,
        grantedUs: Math.round(ctx.trueNow() * 1000), grantedMono: ctx.monotonicNow(), token: null, nodes: granted,
      };
      if (config.fence !== null) {
        const r = await ctx.call<RedisReply>(config.fence.node, redis({ cmd: 'incr', key: config.fence.key }), { timeoutMs: config.fence.timeoutMs });
        if (r.status !== 'ok' || r.body.type !== 'redis-ok' || typeof r.body.result !== 'number') {
          unlockAll(ctx, key, value);
          return null;
        }
        grant.token = r.body.result;
      }
      return grant;
    },
    async extend(ctx: ClientContext, grant: Grant): Promise<boolean> {
      // Extension is a re-acquisition: compare-and-extend on every node, count a majority, within validity.
      const startMono = ctx.monotonicNow();
      let extended = 0;
      for (const node of nodes) {
        const r = await ctx.call(node, redis({ cmd: 'cax', key: grant.key, value: grant.value, px: ttlMs }), { timeoutMs: nodeTimeoutMs });
        if (said(r, 1)) extended++;
      }
      if (extended < quorum || ctx.monotonicNow() >= grant.deadlineMono) return false;
      grant.deadlineMono = startMono + ttlMs - drift;
      ctx.cover('redlock-extended');
      return true;
    },
    release(ctx: ClientContext, grant: Grant): void {
      unlockAll(ctx, grant.key, grant.value);
    },
  };
}
