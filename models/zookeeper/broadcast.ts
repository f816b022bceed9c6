/**
 * ZAB phase 3, broadcast, on the leader: a request becomes a PROPOSAL with the next zxid; the leader logs
 * and fsyncs it and sends it to every synced learner; each learner logs, fsyncs and ACKs (learner.ts);
 * once a quorum (the leader included) has ACKed a proposal, and every earlier one is committed, the
 * leader sends COMMIT and applies it. Commits happen strictly in zxid order.
 */
import type { NodeId } from '../../harness/index.js';
import type { LearnerHandler, SyncWaiter } from './discovery.js';
import { establish } from './discovery.js';
import type { ClientOp, Request, Txn } from './messages.js';
import type { ZkServer } from './server.js';
import { indexOfZxid } from './sync.js';
import { counterOf, makeZxid, showZxid } from './zxid.js';

/** Learners that receive proposals and commits: the sync has been sent, so FIFO order keeps them gap-free. */
export const LEADER_FORWARD_PHASES: ReadonlySet<LearnerHandler['phase']> = new Set(['synced', 'acked', 'uptodate']);

/** PrepRequestProcessor + ProposalRequestProcessor: validate, assign the next zxid, log, fsync, send. */
export function propose(s: ZkServer, op: ClientOp, origin: Txn['origin'], sessionId = 0): void {
  const leader = s.leader!;
  const zxid = makeZxid(leader.epoch, ++leader.counter);
  const txn: Txn = { zxid, op: leader.proposed.prepare(op, sessionId), origin };
  leader.proposed.apply(txn);
  s.ctx.storage.append('txnlog', txn);
  s.ctx.point('zk:proposal-logged', showZxid(zxid)); // on the leader only, until a quorum ACKs
  s.ctx.storage.fsync();
  leader.outstanding.set(zxid, new Set([s.id]));
  for (const [id, h] of leader.learners) {
    if (!LEADER_FORWARD_PHASES.has(h.phase)) continue;
    s.ctx.send(id, { type: 'proposal', conn: h.conn, txn });
    h.unacked.push({ zxid, sentMs: s.ctx.monotonicNow() });
  }
  tryCommit(s);
}

export function leaderOnRequest(s: ZkServer, m: Request): void {
  if (s.leader?.phase !== 'established') return; // the learner's client times out (indeterminate)
  if (m.op.op === 'sync' && !s.config.syncThroughQuorum) {
    leaderOnSync(s, { server: m.origin, req: m.req, conn: m.conn });
    return;
  }
  propose(s, m.op, { server: m.origin, req: m.req }, m.sessionId);
}

/**
 * Leader.processSync (syncThroughQuorum off): nothing is proposed. With no proposal outstanding the sync
 * is answered at once; otherwise when the last outstanding one (Leader.lastProposed) commits. This leader
 * answers from its own state: one deposed but still within syncLimit answers too.
 */
export function leaderOnSync(s: ZkServer, waiter: SyncWaiter): void {
  const leader = s.leader!;
  let lastProposed = 0;
  for (const zxid of leader.outstanding.keys()) lastProposed = zxid;
  if (lastProposed === 0) {
    s.ctx.cover('zk:sync-answered-at-once');
    sendSync(s, waiter);
    return;
  }
  s.ctx.cover('zk:sync-waits-for-outstanding');
  const waiting = leader.pendingSyncs.get(lastProposed) ?? [];
  waiting.push(waiter);
  leader.pendingSyncs.set(lastProposed, waiting);
}

/** Leader.sendSync: a learner gets SYNC (after the COMMITs before it, FIFO); our own client is answered. */
function sendSync(s: ZkServer, w: SyncWaiter): void {
  if (w.server === s.id) {
    const request = s.pending.get(w.req);
    if (request === undefined) return;
    s.pending.delete(w.req);
    s.replyToClient(request, { type: 'zk-reply', result: { ok: true }, zxid: s.tree.lastZxid });
    return;
  }
  const h = s.leader!.learners.get(w.server);
  // A learner that reconnected since has failed the request already (its old connection is gone).
  if (h === undefined || h.conn !== w.conn || !LEADER_FORWARD_PHASES.has(h.phase)) return;
  s.ctx.send(w.server, { type: 'sync', conn: h.conn, req: w.req });
}

export function leaderOnAck(s: ZkServer, from: NodeId, h: LearnerHandler, zxid: number): void {
  const leader = s.leader!;
  if (zxid === makeZxid(leader.epoch, 0)) {
    // The ACK of NEWLEADER: the learner holds our history (or says it does: ackNewLeaderBeforePersist).
    if (h.phase !== 'synced') return;
    h.phase = 'acked';
    if (leader.phase === 'established') {
      s.ctx.send(from, { type: 'uptodate', conn: h.conn });
      h.phase = 'uptodate';
      return;
    }
    let acks = 1;
    for (const l of leader.learners.values()) if (l.phase === 'acked') acks++;
    if (acks >= s.quorum) establish(s);
    return;
  }
  if (leader.phase !== 'established' || counterOf(zxid) === 0) return;
  // SyncLimitCheck.updateAck: this learner has logged every proposal up to zxid.
  let acked = 0;
  while (acked < h.unacked.length && (h.unacked[acked] as { zxid: number }).zxid <= zxid) acked++;
  if (acked > 0) h.unacked.splice(0, acked);
  // Learners log proposals in order, so an ACK for zxid covers every outstanding proposal up to it.
  for (const [z, acks] of leader.outstanding) {
    if (z > zxid) break;
    acks.add(from);
  }
  tryCommit(s);
}

function tryCommit(s: ZkServer): void {
  const leader = s.leader!;
  let last = 0;
  for (const [zxid, acks] of leader.outstanding) {
    if (acks.size < s.quorum) break;
    leader.outstanding.delete(zxid);
    last = zxid;
  }
  if (last === 0) return;
  for (const [id, h] of leader.learners) {
    if (LEADER_FORWARD_PHASES.has(h.phase)) s.ctx.send(id, { type: 'commit', conn: h.conn, zxid: last });
  }
  s.commitUpTo(indexOfZxid(s.log(), last) + 1);
  // Syncs waiting for a proposal now committed (commits are in zxid order, so every key up to `last`).
  for (const [zxid, waiting] of leader.pendingSyncs) {
    if (zxid > last) continue;
    leader.pendingSyncs.delete(zxid);
    for (const w of waiting) sendSync(s, w);
  }
}
