import type { Envelope, NodeBehavior, NodeContext, NodeId, TimerHandle } from '../../harness/index.js';
import { isClientRequest, type ClientReply } from './messages.js';

/**
 * A grow-only set replicated by majority quorums, the safe counterpart of primary-backup:
 * any server coordinates; an add is acknowledged only after a majority has fsynced it, and a read
 * unions the sets of a majority. Any two majorities intersect, so an acknowledged add is always read back.
 */
export interface QuorumSetConfig {
  requestTimeoutMs: number;
}

type PeerMessage =
  | { type: 'store'; op: number; value: number }
  | { type: 'stored'; op: number }
  | { type: 'fetch'; op: number }
  | { type: 'fetched'; op: number; values: number[] };

interface Pending {
  request: Envelope;
  kind: 'add' | 'read';
  replies: Set<NodeId>;
  values: Set<number>;
  timer: TimerHandle;
}

const VALUES_LOG = 'values';

export function quorumSetNode(config: QuorumSetConfig): (id: NodeId) => NodeBehavior {
  return (id) => {
    let values = new Set<number>();
    const pending = new Map<number, Pending>();
    let nextOp = 1;
    const majority = (ctx: NodeContext) => Math.floor(ctx.peers.length / 2) + 1;

    const persist = (ctx: NodeContext, value: number) => {
      if (values.has(value)) return;
      values.add(value);
      ctx.storage.append(VALUES_LOG, value);
      ctx.storage.fsync(); // durable before it counts towards a quorum
    };

    const settle = (ctx: NodeContext, op: number) => {
      const p = pending.get(op);
      if (p === undefined || p.replies.size < majority(ctx)) return;
      pending.delete(op);
      ctx.cancelTimer(p.timer);
      const reply: ClientReply = p.kind === 'add'
        ? { type: 'add-ok' }
        : { type: 'read-ok', values: [...p.values].sort((a, b) => a - b) };
      ctx.reply(p.request, reply);
    };

    return {
      init(ctx) {
        values = new Set(ctx.storage.readLog(VALUES_LOG) as number[]);
      },
      onTimer(ctx, timer) {
        const op = timer.payload as number;
        const p = pending.get(op);
        if (p === undefined) return;
        pending.delete(op);
        ctx.reply(p.request, { type: 'unavailable' } satisfies ClientReply);
      },
      onMessage(ctx, msg) {
        const body = msg.body;
        if (isClientRequest(body)) {
          const op = nextOp++;
          const timer = ctx.setTimer(config.requestTimeoutMs, op);
          const p: Pending = { request: msg, kind: body.type, replies: new Set([id]), values: new Set(), timer };
          pending.set(op, p);
          if (body.type === 'add') persist(ctx, body.value);
          else for (const v of values) p.values.add(v);
          for (const peer of ctx.peers) {
            if (peer !== id) ctx.send(peer, body.type === 'add' ? { type: 'store', op, value: body.value } : { type: 'fetch', op });
          }
          settle(ctx, op);
          return;
        }
        const peer = body as PeerMessage;
        switch (peer.type) {
          case 'store':
            persist(ctx, peer.value);
            ctx.send(msg.from, { type: 'stored', op: peer.op });
            return;
          case 'fetch':
            ctx.send(msg.from, { type: 'fetched', op: peer.op, values: [...values] });
            return;
          case 'stored':
          case 'fetched': {
            const p = pending.get(peer.op);
            if (p === undefined) return;
            p.replies.add(msg.from);
            if (peer.type === 'fetched') for (const v of peer.values) p.values.add(v);
            settle(ctx, peer.op);
            return;
          }
        }
      },
    };
  };
}
