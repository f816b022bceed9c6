/**
 * The leader's side of ZAB recovery (Leader.lead and LearnerHandler).
 *
 * Discovery: learners send FOLLOWERINFO with their acceptedEpoch; once a quorum (the leader included) is
 * connected, the new epoch is max(acceptedEpoch) + 1, persisted as the leader's acceptedEpoch and sent as
 * LEADERINFO. Learners answer ACKEPOCH with their currentEpoch and last zxid; a learner ahead of the
 * leader makes it give up. With a quorum of ACKEPOCHs the leader persists currentEpoch = new epoch and
 * synchronises every learner (sync.ts), then sends NEWLEADER. A quorum of NEWLEADER ACKs establishes the
 * leader: its whole log is committed and learners get UPTODATE. All of it must finish within initLimit.
 */
import type { NodeId } from '../../harness/index.js';
import { DataTree } from './data-tree.js';
import { leaderOnAck, leaderOnRequest, LEADER_FORWARD_PHASES } from './broadcast.js';
import { expireSessions, touchAtLeader } from './sessions.js';
import type { LearnerToLeader, PeerMessage } from './messages.js';
import type { ZkServer } from './server.js';
import { planSync } from './sync.js';
import { makeZxid, showZxid } from './zxid.js';

export interface LearnerHandler {
  conn: number;
  acceptedEpoch: number;
  /** What ACKEPOCH reported, once it did. */
  peer: { currentEpoch: number; lastZxid: number } | null;
  /** none -> synced (sync + NEWLEADER sent, proposals forwarded) -> acked (NEWLEADER ACKed) -> uptodate. */
  phase: 'none' | 'synced' | 'acked' | 'uptodate';
  lastHeardMs: number;
  /**
   * LearnerHandler.SyncLimitCheck: proposals sent to this learner and not ACKed yet, with when they were
   * sent (leader's monotonic ms). One left unACKed for syncLimit ticks closes the connection.
   */
  unacked: { zxid: number; sentMs: number }[];
}

export interface LeaderState {
  phase: 'discovery' | 'epoch-ack' | 'sync' | 'established';
  /** The epoch this leader proposes (known once a quorum of FOLLOWERINFOs is in). */
  epoch: number;
  startedMs: number;
  learners: Map<NodeId, LearnerHandler>;
  /** Proposal counter within the epoch. */
  counter: number;
  /** zxid -> servers that logged it (the leader included), in zxid order. */
  outstanding: Map<number, Set<NodeId>>;
  /** The tree once every outstanding proposal commits: what new requests are validated against. */
  proposed: DataTree;
  /** SessionTracker: when each live session was last heard of (leader's monotonic ms). */
  sessions: Map<number, number>;
  /** Sessions whose closeSession has been proposed. */
  expiring: Set<number>;
  /**
   * Leader.pendingSyncs (syncThroughQuorum off): syncs waiting for the proposal that was the last
   * outstanding one when they arrived, by its zxid; answered once it commits (broadcast.ts).
   */
  pendingSyncs: Map<number, SyncWaiter[]>;
}

/** A client's sync at server `server` (request `req`; for a learner, on its connection `conn`). */
export interface SyncWaiter {
  server: NodeId;
  req: number;
  conn: number;
}

export function startLeading(s: ZkServer): void {
  s.leader = {
    phase: 'discovery', epoch: 0, startedMs: s.ctx.monotonicNow(), learners: new Map(),
    counter: 0, outstanding: new Map(), proposed: new DataTree(), sessions: new Map(), expiring: new Set(),
    pendingSyncs: new Map(),
  };
  // A one-server "quorum" (not used here, but cheap to keep right).
  maybeChooseEpoch(s);
}

export function leaderOnMessage(s: ZkServer, from: NodeId, m: PeerMessage): void {
  const leader = s.leader!;
  if (m.type === 'followerinfo') {
    onFollowerInfo(s, from, m.conn, m.acceptedEpoch);
    return;
  }
  const handler = leader.learners.get(from);
  const msg = m as LearnerToLeader;
  if (handler === undefined || handler.conn !== msg.conn) return; // another connection's leftovers
  handler.lastHeardMs = s.ctx.monotonicNow();
  switch (msg.type) {
    case 'ackepoch':
      onAckEpoch(s, from, handler, msg.currentEpoch, msg.lastZxid);
      return;
    case 'ack':
      leaderOnAck(s, from, handler, msg.zxid);
      return;
    case 'request':
      leaderOnRequest(s, msg);
      return;
    case 'ping':
      for (const id of msg.touched ?? []) touchAtLeader(s, id);
      return;
  }
}

function onFollowerInfo(s: ZkServer, from: NodeId, conn: number, acceptedEpoch: number): void {
  const leader = s.leader!;
  const known = leader.learners.get(from);
  if (known !== undefined && known.conn === conn) {
    // A retry on the same connection: repeat LEADERINFO if it may have been missed.
    if (leader.phase !== 'discovery' && known.peer === null) s.ctx.send(from, { type: 'leaderinfo', conn, newEpoch: leader.epoch });
    return;
  }
  // A new connection from a learner replaces its old one (its LearnerHandler dies with the socket).
  leader.learners.set(from, { conn, acceptedEpoch, peer: null, phase: 'none', lastHeardMs: s.ctx.monotonicNow(), unacked: [] });
  if (leader.phase === 'discovery') maybeChooseEpoch(s);
  else s.ctx.send(from, { type: 'leaderinfo', conn, newEpoch: leader.epoch });
}

/** getEpochToPropose: once a quorum is connected, new epoch = max(acceptedEpoch) + 1. */
function maybeChooseEpoch(s: ZkServer): void {
  const leader = s.leader!;
  if (leader.learners.size + 1 < s.quorum) return;
  let max = s.acceptedEpoch;
  for (const h of leader.learners.values()) max = Math.max(max, h.acceptedEpoch);
  leader.epoch = max + 1;
  s.persistAcceptedEpoch(leader.epoch);
  leader.phase = 'epoch-ack';
  s.ctx.log(`leader proposes epoch ${leader.epoch}`);
  for (const [id, h] of leader.learners) s.ctx.send(id, { type: 'leaderinfo', conn: h.conn, newEpoch: leader.epoch });
}

function onAckEpoch(s: ZkServer, from: NodeId, h: LearnerHandler, currentEpoch: number, lastZxid: number): void {
  const leader = s.leader!;
  const mine = { epoch: s.currentEpoch, zxid: s.lastZxid() };
  if (currentEpoch > mine.epoch || (currentEpoch === mine.epoch && lastZxid > mine.zxid)) {
    // waitForEpochAck: "Follower is ahead of the leader": this leader could lose committed txns. Give up.
    s.goLooking(`learner ${from} is ahead (epoch ${currentEpoch}, ${showZxid(lastZxid)})`);
    return;
  }
  h.peer = { currentEpoch, lastZxid };
  if (leader.phase === 'epoch-ack') {
    let acks = 1;
    for (const l of leader.learners.values()) if (l.peer !== null) acks++;
    if (acks < s.quorum) return;
    // A quorum promised the new epoch: it becomes our current epoch, then learners are synchronised.
    s.persistCurrentEpoch(leader.epoch);
    leader.phase = 'sync';
    for (const [id, l] of leader.learners) if (l.peer !== null) syncLearner(s, id, l);
  } else if (leader.phase !== 'discovery') {
    syncLearner(s, from, h);
  }
}

/** LearnerHandler.syncFollower + NEWLEADER; from here on the learner gets every proposal and commit. */
function syncLearner(s: ZkServer, id: NodeId, h: LearnerHandler): void {
  const leader = s.leader!;
  const log = s.log();
  const plan = planSync(log, h.peer!.lastZxid, s.config);
  // Before establishment the whole log is the new epoch's initial history, committed by NEWLEADER's quorum.
  const committedZxid = leader.phase === 'established' ? (log[s.commitIndex - 1]?.zxid ?? 0) : (log.at(-1)?.zxid ?? 0);
  s.ctx.send(id, { type: 'sync-txns', conn: h.conn, mode: plan.mode, truncZxid: plan.truncZxid, txns: plan.txns, committedZxid });
  s.ctx.send(id, { type: 'newleader', conn: h.conn, zxid: makeZxid(leader.epoch, 0) });
  s.ctx.cover(`zk:sync-${plan.mode}`);
  h.phase = 'synced';
  // startForwarding: the proposals still outstanding reach the learner with its sync; it must ACK them too.
  for (const zxid of leader.outstanding.keys()) h.unacked.push({ zxid, sentMs: s.ctx.monotonicNow() });
}

/** A quorum ACKed NEWLEADER: the initial history is committed; the leader starts serving. */
export function establish(s: ZkServer): void {
  const leader = s.leader!;
  leader.phase = 'established';
  const log = s.log();
  s.resetTree();
  s.commitUpTo(log.length);
  leader.proposed = new DataTree();
  for (const txn of log) leader.proposed.apply(txn);
  // A new leader gives every live session a full timeout (its clients may be reconnecting).
  for (const id of s.tree.sessions.keys()) leader.sessions.set(id, s.ctx.monotonicNow());
  s.audit.establish(leader.epoch, s.id);
  s.ctx.log(`established as leader of epoch ${leader.epoch} with history up to ${showZxid(s.lastZxid())}`);
  s.ctx.cover('zk:leader-established');
  s.logRole('LEADING', s.id, leader.epoch);
  for (const [id, h] of leader.learners) {
    if (h.phase === 'acked') {
      s.ctx.send(id, { type: 'uptodate', conn: h.conn });
      h.phase = 'uptodate';
    }
  }
}

/** Every half tick: pings, and the leader's quorum checks (initLimit while recovering, syncLimit after). */
export function leaderTick(s: ZkServer): void {
  const leader = s.leader!;
  const now = s.ctx.monotonicNow();
  for (const [id, h] of leader.learners) {
    // LearnerHandler.ping: "Closing connection to peer due to transaction timeout." The learner hears
    // nothing more on this connection and reconnects; its new sync brings the proposals it missed.
    const oldest = h.unacked[0];
    if (oldest !== undefined && now - oldest.sentMs >= s.config.syncLimit * s.config.tickMs) {
      s.ctx.log(`learner ${id} did not ACK ${showZxid(oldest.zxid)} within syncLimit: dropped`);
      s.ctx.cover('zk:learner-dropped-unacked-proposal');
      leader.learners.delete(id);
      continue;
    }
    s.ctx.send(id, { type: 'ping', conn: h.conn });
  }
  if (leader.phase !== 'established') {
    if (now - leader.startedMs > s.config.initLimit * s.config.tickMs) s.goLooking(`no quorum within initLimit (phase ${leader.phase})`);
    return;
  }
  // syncedAckSet: learners heard from within syncLimit ticks; without a quorum the leader steps down.
  let synced = 1;
  for (const h of leader.learners.values()) {
    if (LEADER_FORWARD_PHASES.has(h.phase) && now - h.lastHeardMs <= s.config.syncLimit * s.config.tickMs) synced++;
  }
  if (synced < s.quorum) {
    s.goLooking('lost quorum for syncLimit');
    return;
  }
  expireSessions(s);
}
