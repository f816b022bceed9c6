/**
 * How a server serves its clients (ZooKeeperServer's request pipeline, reduced): reads come from the
 * local tree and may be stale; writes go to the leader as a txn, and the client is answered by the server
 * it talks to, once that txn is committed and applied there. A server that is not in the broadcast phase
 * refuses (connection loss).
 *
 * `sync`, as real ZooKeeper does it (the default): a follower forwards it to its leader
 * (FollowerRequestProcessor), which proposes nothing and answers with SYNC once the proposals it had
 * outstanding are committed (Leader.processSync, broadcast.ts); the follower then answers the client with
 * what it has applied. Not a quorum round: a deposed leader that has not noticed yet (within syncLimit)
 * answers too, so a "synced" read can be stale. With `syncThroughQuorum` (config.ts) sync is instead a
 * no-op txn committed through a quorum, which makes sync + read linearizable: stronger than ZooKeeper.
 */
import type { Envelope } from '../../harness/index.js';
import { leaderOnSync, propose } from './broadcast.js';
import { touchAtLeader } from './sessions.js';
import { isWrite, type ClientReply, type ClientRequest } from './messages.js';
import type { ZkServer } from './server.js';

export function onClientRequest(s: ZkServer, msg: Envelope, body: ClientRequest): void {
  const op = body.request;
  if (!s.serving) {
    s.ctx.reply(msg, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
    return;
  }
  // A client that has seen a later zxid than we have applied must find a more up-to-date server
  // (otherwise it would see time go backwards).
  if ((body.lastZxid ?? 0) > s.tree.lastZxid) {
    s.ctx.cover('zk:client-refused-server-behind');
    s.ctx.reply(msg, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
    return;
  }
  const sessionId = body.sessionId ?? 0;
  if (body.sessionId !== undefined) {
    if (!s.tree.sessions.has(sessionId)) {
      s.ctx.reply(msg, { type: 'zk-session-expired' } satisfies ClientReply);
      return;
    }
    // Any request is a heartbeat: the leader hears of it directly or in the follower's next ping.
    if (s.leader !== null) touchAtLeader(s, sessionId);
    else s.follower!.touched.add(sessionId);
  }
  // The session's watch connection (watches.ts): setWatches opens it; a request on a connection this
  // server has forgotten (it lost its leader, restarted, or the session reconnected) is refused.
  if (op.op === 'setWatches') {
    if (body.sessionId === undefined) {
      s.ctx.reply(msg, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
      return;
    }
    const previousPoll = s.watchManager.connection(sessionId)?.poll ?? null;
    if (previousPoll !== null) s.ctx.reply(previousPoll, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
    const c = s.watchManager.connect(sessionId, op.conn);
    s.watchManager.rearm(c, s.tree, op.relativeZxid, op);
    s.replyToClient(msg, { type: 'zk-reply', result: { ok: true }, zxid: s.tree.lastZxid });
    return;
  }
  const needsConn = op.op === 'pollEvents' || ('watch' in op && op.watch === true);
  if (body.conn !== undefined || needsConn) {
    const c = s.watchManager.connection(sessionId);
    if (body.sessionId === undefined || c === undefined || c.conn !== body.conn) {
      s.ctx.cover('zk:watch-connection-lost');
      s.ctx.reply(msg, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
      return;
    }
    if (body.ackEvents !== undefined) s.watchManager.ack(c, body.ackEvents);
    if (op.op === 'pollEvents') {
      if (c.poll !== null) s.ctx.reply(c.poll, { type: 'zk-reply', result: { ok: true }, zxid: s.tree.lastZxid } satisfies ClientReply);
      c.poll = null;
      if (c.queue.length > 0) s.replyToClient(msg, { type: 'zk-reply', result: { ok: true }, zxid: s.tree.lastZxid });
      else c.poll = msg;
      return;
    }
    if ((op.op === 'getData' || op.op === 'exists' || op.op === 'getChildren') && op.watch === true) {
      const result = s.tree.read(op);
      s.watchManager.armForRead(sessionId, op.op, op.path, result);
      s.replyToClient(msg, { type: 'zk-reply', result, zxid: s.tree.lastZxid });
      return;
    }
  }
  if (!isWrite(op)) {
    s.replyToClient(msg, { type: 'zk-reply', result: s.tree.read(op), zxid: s.tree.lastZxid });
    return;
  }
  const req = s.newRequestNumber();
  s.pending.set(req, msg);
  if (s.leader !== null) {
    if (op.op === 'sync' && !s.config.syncThroughQuorum) leaderOnSync(s, { server: s.id, req, conn: 0 });
    else propose(s, op, { server: s.id, req }, sessionId);
  } else {
    const f = s.follower!;
    s.ctx.send(f.leaderId, { type: 'request', conn: f.conn, origin: s.id, req, op, sessionId });
  }
}
