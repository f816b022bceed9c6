/**
 * How a server serves its clients (ZooKeeperServer's request pipeline, reduced): reads come from the
 * local tree and may be stale; writes and `sync` go to the leader as a txn, and the client is answered by
 * the server it talks to, once that txn is committed and applied there. A server that is not in the
 * broadcast phase refuses (connection loss).
 *
 * `sync` here commits a no-op txn through a quorum. Real ZooKeeper's sync is not a quorum round (the
 * leader answers from its own state), so a deposed leader that has not noticed yet can serve a stale
 * "synced" read; making it a quorum round is what lets the scenarios treat sync + read as linearizable.
 */
import type { Envelope } from '../../harness/sim/types.js';
import { propose } from './broadcast.js';
import { isWrite, type ClientReply, type ClientRequest } from './messages.js';
import type { ZkServer } from './server.js';

export function onClientRequest(s: ZkServer, msg: Envelope, body: ClientRequest): void {
  const op = body.request;
  if (!s.serving) {
    s.ctx.reply(msg, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
    return;
  }
  if (!isWrite(op)) {
    s.ctx.reply(msg, { type: 'zk-reply', result: s.tree.read(op), zxid: s.tree.lastZxid } satisfies ClientReply);
    return;
  }
  const req = s.newRequestNumber();
  s.pending.set(req, msg);
  if (s.leader !== null) {
    propose(s, op, { server: s.id, req });
  } else {
    const f = s.follower!;
    s.ctx.send(f.leaderId, { type: 'request', conn: f.conn, origin: s.id, req, op });
  }
}
