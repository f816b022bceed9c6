/**
 * The protected resource: a storage service that records critical-section writes in order. With
 * fencing on it remembers the highest token it has seen and rejects lower ones (Kleppmann, "How to do
 * distributed locking": the storage, not the lock, is what finally enforces mutual exclusion).
 */
import { RESOURCE_WRITE, type ResourceWrite, type ClientContext, type NodeFactory, type NodeId } from '../../harness/index.js';

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

/** What a lock client writes to the resource, and under which grant. */
export interface ResourceWriteParams {
  node: NodeId;
  lock: string;
  session: string;
  /** True time the session's lock was granted. */
  acquiredUs: number;
  /** The fencing token sent with the write, or null. */
  token: number | null;
  value: number;
  timeoutMs: number;
}

/**
 * One critical-section write to the protected resource, noted (`resource-write`) for the resource
 * checker; `rejectedGoal` is the coverage goal hit when the resource rejects it.
 */
export async function writeResource(ctx: ClientContext, w: ResourceWriteParams, rejectedGoal: string): Promise<void> {
  const sentUs = Math.round(ctx.trueNow() * 1000);
  const request: ResourceWriteRequest = { type: 'resource-write', client: ctx.id, session: w.session, token: w.token, value: w.value };
  const r = await ctx.call<ResourceWriteReply>(w.node, request, { timeoutMs: w.timeoutMs });
  const note: ResourceWrite = {
    resource: w.node, lock: w.lock, client: ctx.id, session: w.session, acquiredUs: w.acquiredUs, token: w.token, value: w.value,
    accepted: r.status === 'ok' ? r.body.accepted : 'unknown',
    seq: r.status === 'ok' ? r.body.seq : null,
    sentUs, doneUs: Math.round(ctx.trueNow() * 1000),
  };
  if (note.accepted === false) ctx.cover(rejectedGoal);
  ctx.note(RESOURCE_WRITE, { ...note });
}
