/**
 * The protected resource: a storage service that records critical-section writes in order. With
 * fencing on it remembers the highest token it has seen and rejects lower ones (Kleppmann, "How to do
 * distributed locking": the storage, not the lock, is what finally enforces mutual exclusion).
 */
import type { NodeFactory, NodeId } from '../../harness/sim/types.js';

export interface ResourceConfig {
  fencing: boolean;
}

export interface ResourceWriteRequest {
  type: 'resource-write';
  client: NodeId;
  session: string;
  token: number | null;
  value: number;
}

export interface ResourceWriteReply {
  type: 'resource-ack';
  accepted: boolean;
  /** Position in the accepted-write log, when accepted. */
  seq: number | null;
}

export interface AcceptedWrite {
  seq: number;
  client: NodeId;
  session: string;
  token: number | null;
  value: number;
}

export const WRITES_LOG = 'writes';

export function resourceNode(config: ResourceConfig): NodeFactory {
  return () => {
    let highestToken = Number.NEGATIVE_INFINITY;
    let nextSeq = 0;
    return {
      init(ctx) {
        for (const w of ctx.storage.readLog(WRITES_LOG) as readonly AcceptedWrite[]) {
          if (w.token !== null) highestToken = Math.max(highestToken, w.token);
          nextSeq = w.seq + 1;
        }
      },
      onMessage(ctx, msg) {
        const body = msg.body as ResourceWriteRequest;
        if (body.type !== 'resource-write') return;
        // Fencing: a token lower than one already seen comes from a holder whose lock was superseded.
        // Equal tokens are the same grant writing again.
        if (config.fencing && (body.token === null || body.token < highestToken)) {
          ctx.cover('fencing-rejected-stale-token');
          ctx.reply(msg, { type: 'resource-ack', accepted: false, seq: null } satisfies ResourceWriteReply);
          return;
        }
        if (body.token !== null) highestToken = Math.max(highestToken, body.token);
        const write: AcceptedWrite = { seq: nextSeq++, client: body.client, session: body.session, token: body.token, value: body.value };
        ctx.storage.append(WRITES_LOG, write);
        ctx.storage.fsync();
        ctx.reply(msg, { type: 'resource-ack', accepted: true, seq: write.seq } satisfies ResourceWriteReply);
      },
    };
  };
}
