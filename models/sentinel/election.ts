/**
 * Agreement between Sentinels: ODOWN from is-master-down replies, and the per-epoch leader election
 * (sentinelCheckObjectivelyDown, sentinelAskMasterStateToOtherSentinels, the is-master-down-by-addr
 * command, sentinelVoteLeader, sentinelGetLeader).
 */
import type { Envelope, NodeId } from '../../harness/index.js';
import { ASK_PERIOD_MS } from './config.js';
import type { IsMasterDown, MasterDownReply, SentinelMessage } from './messages.js';
import type { Sentinel } from './sentinel.js';

/** ODOWN: this Sentinel sees the master SDOWN and, itself included, at least quorum Sentinels say down. */
export function checkObjectivelyDown(s: Sentinel): void {
  const m = s.masterInstance;
  const saying = m.sdown ? 1 + [...s.sentinels.values()].filter((p) => p.masterDown).length : 0;
  const odown = m.sdown && saying >= s.config.quorum;
  if (odown && !m.odown) {
    m.odown = true;
    m.odownSinceMs = s.now;
    s.event('odown', { instance: m.id, quorum: `${saying}/${s.config.quorum}` });
    s.ctx.cover('sentinel-odown');
  } else if (!odown && m.odown) {
    m.odown = false;
    s.event('odown-end', { instance: m.id });
  }
}

/**
 * While the master is SDOWN, ask every other Sentinel about it once per ASK_PERIOD (`forced`: now).
 * During a failover the request carries our id, asking for a vote in the current epoch.
 */
export function askMasterStateToOthers(s: Sentinel, forced: boolean): void {
  const now = s.now;
  for (const [id, p] of s.sentinels) {
    // An answer older than 5 ask periods no longer counts, nor the vote it carried.
    if (now - p.lastReplyMs > 5 * ASK_PERIOD_MS) {
      p.masterDown = false;
      p.leader = null;
    }
    if (!s.masterInstance.sdown) continue;
    // Redis asks on every timer tick until a reply comes (on a live link); here at most once a period.
    if (!forced && (now - p.lastReplyMs < ASK_PERIOD_MS || now - p.lastAskMs < ASK_PERIOD_MS)) continue;
    p.lastAskMs = now;
    s.ctx.send(id, { type: 'is-master-down', master: s.master, epoch: s.currentEpoch, runid: s.failover === null ? '*' : s.id } satisfies SentinelMessage);
  }
}

/** SENTINEL is-master-down-by-addr: say whether we see that master SDOWN and, if asked, vote. */
export function onIsMasterDown(s: Sentinel, msg: Envelope, req: IsMasterDown): void {
  const known = req.master === s.master;
  const down = s.tiltSinceMs === null && known && s.masterInstance.sdown; // in TILT always "not down"
  const vote = known && req.runid !== '*' ? voteLeader(s, req.epoch, req.runid) : { leader: null, leaderEpoch: 0 };
  s.ctx.reply(msg, { type: 'master-down-reply', down, ...vote } satisfies SentinelMessage);
}

export function onMasterDownReply(s: Sentinel, from: NodeId, r: MasterDownReply): void {
  const p = s.sentinels.get(from);
  if (p === undefined) return;
  p.lastReplyMs = s.now;
  p.masterDown = r.down;
  if (r.leader !== null) {
    p.leader = r.leader;
    p.leaderEpoch = r.leaderEpoch;
  }
}

/**
 * sentinelVoteLeader: one vote per epoch, first come first served. A request from a newer epoch moves
 * our current epoch up; we vote if our last vote is from an older epoch. Returns our vote, whichever it is.
 */
export function voteLeader(s: Sentinel, reqEpoch: number, reqRunid: NodeId): { leader: NodeId | null; leaderEpoch: number } {
  s.observeEpoch(reqEpoch);
  if (s.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
    s.leader = reqRunid;
    s.leaderEpoch = s.currentEpoch;
    s.persist();
    s.event('vote', { for: reqRunid, epoch: s.leaderEpoch });
    // Having voted for another, hold off our own failover attempt for a while (2 * failover-timeout).
    if (reqRunid !== s.id) s.failoverStartMs = s.now + s.desyncMs();
  }
  return { leader: s.leader, leaderEpoch: s.leaderEpoch };
}

/**
 * sentinelGetLeader: count the votes the other Sentinels reported for the current epoch, cast ours (for
 * the front-runner, else for ourselves), and return the winner if it has an absolute majority of all
 * Sentinels and at least quorum votes.
 */
export function getLeader(s: Sentinel, epoch: number): NodeId | null {
  const votes = new Map<NodeId, number>();
  for (const p of s.sentinels.values()) {
    if (p.leader !== null && p.leaderEpoch === s.currentEpoch) votes.set(p.leader, (votes.get(p.leader) ?? 0) + 1);
  }
  let winner: NodeId | null = null;
  let max = 0;
  for (const [id, n] of votes) {
    if (n > max) {
      max = n;
      winner = id;
    }
  }
  const mine = voteLeader(s, epoch, winner ?? s.id);
  if (mine.leader !== null && mine.leaderEpoch === epoch) {
    const n = (votes.get(mine.leader) ?? 0) + 1;
    if (n > max) {
      max = n;
      winner = mine.leader;
    }
  }
  const voters = s.sentinels.size + 1;
  return winner !== null && max >= Math.floor(voters / 2) + 1 && max >= s.config.quorum ? winner : null;
}
