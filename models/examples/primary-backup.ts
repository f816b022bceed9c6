import type { Envelope, NodeBehavior, NodeContext, NodeId } from '../../harness/index.js';
import { isClientRequest, type ClientReply } from './messages.js';

/**
 * A primary-backup grow-only set, as many home-grown systems build one, and unsafe on purpose:
 * - the primary acknowledges an add before any backup has it (asynchronous replication);
 * - a backup that misses heartbeats for `failoverAfterMs` promotes itself with no quorum;
 * - a primary that hears a higher epoch steps down and adopts the new primary's state wholesale.
 * Cut the primary off, let a backup take over, heal: the old primary's acknowledged adds vanish.
 */
export interface PrimaryBackupConfig {
  heartbeatMs: number;
  failoverAfterMs: number;
}

type PeerMessage =
  | { type: 'heartbeat'; epoch: number }
  | { type: 'replicate'; epoch: number; value: number }
  | { type: 'sync-request'; epoch: number }
  | { type: 'sync'; epoch: number; values: number[] };

interface State {
  epoch: number;
  primary: NodeId | null;
  values: Set<number>;
  lastHeardMs: number;
}

export function primaryBackupNode(config: PrimaryBackupConfig): (id: NodeId) => NodeBehavior {
  return (id) => {
    const state: State = { epoch: 0, primary: null, values: new Set(), lastHeardMs: 0 };
    const isPrimary = () => state.primary === id;
    const broadcast = (ctx: NodeContext, body: PeerMessage) => {
      for (const peer of ctx.peers) if (peer !== id) ctx.send(peer, body);
    };
    const follow = (ctx: NodeContext, from: NodeId, epoch: number) => {
      // Rule: the highest epoch wins; ties go to the lower node id. A node that changes primary asks it
      // for its state and replaces its own with it: whatever only the loser had is gone.
      const changed = state.primary !== from || state.epoch !== epoch;
      state.epoch = epoch;
      state.primary = from;
      state.lastHeardMs = ctx.monotonicNow();
      if (changed) ctx.send(from, { type: 'sync-request', epoch } satisfies PeerMessage);
    };
    return {
      init(ctx) {
        state.lastHeardMs = ctx.monotonicNow();
        // The first server starts as primary of epoch 1.
        if (id === ctx.peers[0]) {
          state.epoch = 1;
          state.primary = id;
        } else {
          state.primary = ctx.peers[0] ?? null;
          state.epoch = 1;
        }
        ctx.setTimer(config.heartbeatMs, 'tick');
      },
      onTimer(ctx) {
        ctx.setTimer(config.heartbeatMs, 'tick');
        if (isPrimary()) {
          broadcast(ctx, { type: 'heartbeat', epoch: state.epoch });
        } else if (ctx.monotonicNow() - state.lastHeardMs > config.failoverAfterMs) {
          // Unsafe by design: promotion needs no majority, so both sides of a partition can have a primary.
          state.epoch += 1;
          state.primary = id;
          ctx.cover('failover');
          broadcast(ctx, { type: 'heartbeat', epoch: state.epoch });
        }
      },
      onMessage(ctx, msg: Envelope) {
        const body = msg.body;
        if (isClientRequest(body)) {
          if (!isPrimary()) {
            ctx.reply(msg, { type: 'not-primary', primary: state.primary } satisfies ClientReply);
          } else if (body.type === 'add') {
            state.values.add(body.value);
            broadcast(ctx, { type: 'replicate', epoch: state.epoch, value: body.value });
            ctx.point('primary-backup:acked-unreplicated', String(body.value)); // asynchronous: the backups may not have it yet
            ctx.reply(msg, { type: 'add-ok' } satisfies ClientReply);
          } else {
            ctx.reply(msg, { type: 'read-ok', values: [...state.values].sort((a, b) => a - b) } satisfies ClientReply);
          }
          return;
        }
        const peer = body as PeerMessage;
        const newer = peer.epoch > state.epoch || (peer.epoch === state.epoch && msg.from <= (state.primary ?? msg.from));
        if (peer.type === 'heartbeat' && newer) {
          if (isPrimary() && msg.from !== id) ctx.cover('primary-stepped-down');
          follow(ctx, msg.from, peer.epoch);
        } else if (peer.type === 'replicate' && peer.epoch === state.epoch && msg.from === state.primary) {
          state.values.add(peer.value);
        } else if (peer.type === 'sync-request' && isPrimary() && peer.epoch === state.epoch) {
          ctx.send(msg.from, { type: 'sync', epoch: state.epoch, values: [...state.values] } satisfies PeerMessage);
        } else if (peer.type === 'sync' && peer.epoch === state.epoch && msg.from === state.primary) {
          state.values = new Set(peer.values);
        }
      },
    };
  };
}
