/**
 * A membership agent beside each cache node (SmartStack's Nerve and Synapse in one): a ZooKeeper client
 * that registers its node as an ephemeral child of the members znode, and every `pollMs` reads the
 * children and pushes them, with the znode's cversion as the membership epoch, to its node. A lost session
 * (expired while we were cut off) is replaced by a new one that registers again. Leased: each read is a
 * `sync` then `getChildren`, and the push grants a lease counted from when the sync was sent; a read that
 * fails grants nothing, so a node whose agent cannot reach ZooKeeper stops serving when the lease runs out.
 */
import type { ClientWorkload, ClientContext } from '../../harness/index.js';
import type { ClientOp, OpResult } from '../zookeeper/messages.js';
import { ZkSession } from '../zookeeper/session-client.js';
import type { RoutingConfig, ViewPush } from './config.js';

class Unavailable extends Error {}

async function zk(session: ZkSession, op: ClientOp): Promise<OpResult> {
  const r = await session.request(op);
  if (r.kind !== 'reply') throw new Unavailable(`${op.op}: ${r.kind}`);
  return r.result;
}

export function membershipAgent(config: RoutingConfig, cacheNodeId: string, clientNumber: number): ClientWorkload {
  return async (clientCtx: ClientContext) => {
    // A daemon: the run winding down (ctx.stopping, after which ZkSession opens no new session) does not stop it.
    const ctx: ClientContext = Object.create(clientCtx, { stopping: { value: false } }) as ClientContext;
    const self = `${config.membersPath}/${cacheNodeId}`;
    let session: ZkSession | null = null;
    let registered = false;
    for (;;) {
      try {
        if (session === null || session.state === 'LOST') {
          session = new ZkSession(ctx, config, clientNumber);
          registered = false;
          if (!(await session.start())) continue;
        }
        if (!registered) {
          for (const path of config.membersPath.split('/').slice(1).map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}`)) {
            await zk(session, { op: 'create', path, data: '' });
          }
          // An ephemeral of our previous session may linger until it expires: replace it (Nerve does the same).
          await zk(session, { op: 'delete', path: self, version: -1 });
          if (!(await zk(session, { op: 'create', path: self, data: '', ephemeral: true })).ok) continue;
          registered = true;
          ctx.cover('routing:registered');
        }
        const sentAt = ctx.monotonicNow();
        if (config.leaseMs !== null) await zk(session, { op: 'sync', path: config.membersPath });
        const read = await zk(session, { op: 'getChildren', path: config.membersPath });
        if (!read.ok) continue;
        const members = read.children ?? [];
        if (!members.includes(cacheNodeId)) registered = false; // our ephemeral is gone (the session expired under us): register again
        const push: ViewPush = {
          type: 'routing-view', epoch: read.stat?.cversion ?? 0, members,
          leaseMs: config.leaseMs === null ? null : sentAt + config.leaseMs - ctx.monotonicNow(),
        };
        if (push.leaseMs === null || push.leaseMs > 0) await ctx.call(cacheNodeId, push, { timeoutMs: config.requestTimeoutMs });
      } catch (error) {
        if (!(error instanceof Unavailable)) throw error;
      } finally {
        await ctx.sleep(config.pollMs);
      }
    }
  };
}
