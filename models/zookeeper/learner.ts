/**
 * The follower's side of ZAB (Learner / Follower): connect with FOLLOWERINFO, accept the new epoch
 * (LEADERINFO -> ACKEPOCH), take the leader's sync, ACK NEWLEADER once the history is durable, start
 * serving at UPTODATE; then log + fsync + ACK each PROPOSAL and apply each COMMIT. A follower that hears
 * nothing from its leader for initLimit (while syncing) or syncLimit ticks (after) goes back to LOOKING;
 * so does one that sees a gap, which over TCP means the connection broke.
 */
import type { NodeId } from '../../harness/index.js';
import type { LeaderToLearner, PeerMessage, SyncTxns, Txn } from './messages.js';
import type { ZkServer } from './server.js';
import { LOG } from './server.js';
import { applySyncPlan, countUpTo, indexOfZxid } from './sync.js';
import { epochOf, makeZxid, showZxid } from './zxid.js';

export interface FollowerState {
  leaderId: NodeId;
  conn: number;
  /** discovery: FOLLOWERINFO sent; sync: ACKEPOCH sent; acked: NEWLEADER ACKed; broadcast: UPTODATE seen. */
  phase: 'discovery' | 'sync' | 'acked' | 'broadcast';
  newEpoch: number;
  lastHeardMs: number;
  /** The leader's sync, until it is written (at NEWLEADER; at UPTODATE with ackNewLeaderBeforePersist). */
  sync: SyncTxns | null;
  /** PROPOSALs and COMMITs that arrive before UPTODATE are queued (packetsNotCommitted / packetsCommitted). */
  queuedProposals: Txn[];
  queuedCommit: number;
  /** The leader's commit point at sync time (SyncTxns.committedZxid). */
  syncCommitted: number;
  /** Sessions our clients touched since the last ping to the leader. */
  touched: Set<number>;
}

export function startFollowing(s: ZkServer, leaderId: NodeId): void {
  // Connection ids only need to differ between connections of one server; the incarnation keeps them apart across restarts.
  const conn = s.newConnectionId();
  s.follower = {
    leaderId, conn, phase: 'discovery', newEpoch: 0, lastHeardMs: s.ctx.monotonicNow(),
    sync: null, queuedProposals: [], queuedCommit: 0, syncCommitted: 0, touched: new Set(),
  };
  s.ctx.send(leaderId, { type: 'followerinfo', conn, acceptedEpoch: s.acceptedEpoch });
}

export function followerTick(s: ZkServer): void {
  const f = s.follower!;
  const now = s.ctx.monotonicNow();
  const limit = (f.phase === 'broadcast' ? s.config.syncLimit : s.config.initLimit) * s.config.tickMs;
  if (now - f.lastHeardMs > limit) {
    s.goLooking(`no word from leader ${f.leaderId} for ${limit} ms`);
    return;
  }
  // The leader may not have decided yet when we connect: keep knocking (Learner.connectToLeader retries).
  if (f.phase === 'discovery') s.ctx.send(f.leaderId, { type: 'followerinfo', conn: f.conn, acceptedEpoch: s.acceptedEpoch });
  else {
    s.ctx.send(f.leaderId, { type: 'ping', conn: f.conn, touched: [...f.touched] });
    f.touched.clear();
  }
}

export function followerOnMessage(s: ZkServer, from: NodeId, m: PeerMessage): void {
  const f = s.follower!;
  const msg = m as LeaderToLearner;
  if (from !== f.leaderId || !('conn' in msg) || msg.conn !== f.conn) return;
  f.lastHeardMs = s.ctx.monotonicNow();
  switch (msg.type) {
    case 'leaderinfo': {
      if (f.phase !== 'discovery') return;
      if (msg.newEpoch < s.acceptedEpoch) {
        s.goLooking(`leader's epoch ${msg.newEpoch} is below our accepted epoch ${s.acceptedEpoch}`);
        return;
      }
      // Promise: never accept a proposal from an older epoch. Durable before the ACKEPOCH leaves.
      if (msg.newEpoch > s.acceptedEpoch) s.persistAcceptedEpoch(msg.newEpoch);
      f.newEpoch = msg.newEpoch;
      f.phase = 'sync';
      s.ctx.send(f.leaderId, { type: 'ackepoch', conn: f.conn, currentEpoch: s.currentEpoch, lastZxid: s.lastZxid() });
      return;
    }
    case 'sync-txns':
      if (f.phase === 'sync') {
        f.sync = msg;
        f.syncCommitted = msg.committedZxid;
      }
      return;
    case 'newleader':
      onNewLeader(s, f, msg.zxid);
      return;
    case 'uptodate':
      onUpToDate(s, f);
      return;
    case 'proposal':
      if (f.phase === 'broadcast') onProposal(s, f, msg.txn);
      else if (f.phase === 'sync' || f.phase === 'acked') f.queuedProposals.push(msg.txn);
      return;
    case 'commit':
      if (f.phase === 'broadcast') onCommit(s, msg.zxid);
      else f.queuedCommit = Math.max(f.queuedCommit, msg.zxid);
      return;
    case 'ping':
      s.ctx.send(f.leaderId, { type: 'ping', conn: f.conn });
      return;
    case 'sync':
      if (f.phase === 'broadcast') onSync(s, msg.req);
      return;
  }
}

/**
 * The leader's SYNC for a sync we forwarded (syncThroughQuorum off): every COMMIT it sent before has been
 * applied here (FIFO link), so the client is answered with what we have applied.
 */
function onSync(s: ZkServer, req: number): void {
  const request = s.pending.get(req);
  if (request === undefined) return;
  s.pending.delete(req);
  s.replyToClient(request, { type: 'zk-reply', result: { ok: true }, zxid: s.tree.lastZxid });
}

function writeSync(s: ZkServer, f: FollowerState): void {
  const sync = f.sync!;
  applySyncPlan(s.ctx.storage, LOG, sync);
  f.sync = null;
  s.resetTree();
}

function onNewLeader(s: ZkServer, f: FollowerState, zxid: number): void {
  if (f.phase !== 'sync' || f.sync === null || epochOf(zxid) !== f.newEpoch) return;
  s.ctx.point('zk:newleader-received', showZxid(zxid)); // pre-ZOOKEEPER-3911 the ACK goes out before the synced txns are written
  if (s.config.ackNewLeaderBeforePersist) {
    // ZOOKEEPER-3911 (pre-fix): currentEpoch is persisted and NEWLEADER ACKed, but the synced txns stay
    // in memory until UPTODATE. A crash in between loses them, though the leader counted this ACK.
    s.persistCurrentEpoch(f.newEpoch);
    f.phase = 'acked';
    s.ctx.send(f.leaderId, { type: 'ack', conn: f.conn, zxid });
    return;
  }
  // The fix: the synced history is in the log and fsynced (with currentEpoch) before the ACK.
  writeSync(s, f);
  s.ctx.storage.set('currentEpoch', f.newEpoch);
  s.ctx.storage.fsync();
  f.phase = 'acked';
  s.ctx.send(f.leaderId, { type: 'ack', conn: f.conn, zxid });
  ackNotCommitted(s, f);
}

/**
 * The synced txns past the leader's commit point are proposals it still has outstanding
 * (Learner.syncWithLeader's packetsNotCommitted): once logged (fzk.logRequest) they are ACKed like any
 * proposal, or they could never reach a quorum when the ACKs of the learners that had them were lost.
 * One ACK covers them all (ACKs are cumulative, broadcast.ts).
 */
function ackNotCommitted(s: ZkServer, f: FollowerState): void {
  const last = s.lastZxid();
  if (last <= f.syncCommitted) return;
  s.ctx.cover('zk:follower-acks-synced-outstanding');
  s.ctx.send(f.leaderId, { type: 'ack', conn: f.conn, zxid: last });
}

function onUpToDate(s: ZkServer, f: FollowerState): void {
  if (f.phase !== 'acked') return;
  const late = f.sync !== null;
  if (late) writeSync(s, f); // ackNewLeaderBeforePersist: only now
  s.ctx.storage.fsync();
  if (late) ackNotCommitted(s, f);
  f.phase = 'broadcast';
  s.ctx.cover('zk:follower-uptodate');
  s.logRole('FOLLOWING', f.leaderId, f.newEpoch);
  // The synced history up to the leader's commit point is committed; queued proposals are logged and ACKed.
  s.commitUpTo(countUpTo(s.log(), f.syncCommitted));
  const queued = f.queuedProposals;
  f.queuedProposals = [];
  for (const txn of queued) {
    if (!onProposal(s, f, txn)) return;
  }
  if (f.queuedCommit > 0) onCommit(s, f.queuedCommit);
}

/** Next zxid we can accept from the leader of `epoch`: the successor in its epoch, or its first. */
function expectedNext(last: number, epoch: number): number {
  return epochOf(last) === epoch ? last + 1 : makeZxid(epoch, 1);
}

function onProposal(s: ZkServer, f: FollowerState, txn: Txn): boolean {
  const last = s.lastZxid();
  if (txn.zxid <= last && indexOfZxid(s.log(), txn.zxid) >= 0) return true; // already synced
  if (txn.zxid !== expectedNext(last, f.newEpoch)) {
    s.goLooking(`gap: proposal ${showZxid(txn.zxid)} after ${showZxid(last)}`);
    return false;
  }
  s.ctx.storage.append(LOG, txn);
  s.ctx.storage.fsync();
  s.ctx.send(f.leaderId, { type: 'ack', conn: f.conn, zxid: txn.zxid });
  return true;
}

function onCommit(s: ZkServer, zxid: number): void {
  const index = indexOfZxid(s.log(), zxid);
  if (index < 0) {
    if (zxid > s.lastZxid()) s.goLooking(`commit of ${showZxid(zxid)} we never saw`);
    return;
  }
  s.commitUpTo(index + 1);
}
