/**
 * FastLeaderElection (FLE), the election ZooKeeper runs before ZAB recovery.
 *
 * A LOOKING server starts a round (`logicalclock`++), votes for itself and tells everyone. Votes are
 * ordered by (peer epoch, last zxid, server id): the candidate most likely to hold every committed txn
 * wins. A server adopts any better vote it hears in its round and re-broadcasts; once a quorum of the
 * votes it holds agree with its own, it waits `finalizeWait` for a better one and then decides
 * (LEADING if it voted for itself, else FOLLOWING). A server that finds peers already FOLLOWING/LEADING
 * joins that leader once a quorum of them agree and the leader itself says LEADING (checkLeader).
 */
import type { NodeContext, TimerHandle } from '../../harness/index.js';
import type { Notification, ServerState } from './messages.js';

export interface Vote {
  leader: number;
  zxid: number;
  peerEpoch: number;
}

/** What the election needs from its server. */
export interface ElectionHost {
  readonly sid: number;
  readonly quorum: number;
  /** Server ids of every voter, self included. */
  readonly voters: readonly number[];
  sendTo(ctx: NodeContext, sid: number, n: Notification): void;
  /** This server's own candidacy: its current epoch and last logged zxid. */
  ownVote(): Vote;
  /** The election ended: follow or lead `vote.leader`. */
  decided(ctx: NodeContext, vote: Vote, electionEpoch: number): void;
}

/** FLE's totalOrderPredicate: is `a` a better leader than `b`? */
export function betterVote(a: Vote, b: Vote): boolean {
  if (a.peerEpoch !== b.peerEpoch) return a.peerEpoch > b.peerEpoch;
  if (a.zxid !== b.zxid) return a.zxid > b.zxid;
  return a.leader > b.leader;
}

const sameVote = (a: Vote, b: Vote): boolean => a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;

type Tagged = Vote & { electionEpoch: number; state: ServerState };

export class Election {
  /** The election round; volatile, as in ZooKeeper (a restarted server starts from 0 and catches up). */
  logicalclock = 0;
  proposal: Vote = { leader: 0, zxid: 0, peerEpoch: 0 };
  /** The vote this server acts on once decided (answered to LOOKING peers). */
  current: Vote | null = null;
  electionEpochOfCurrent = 0;
  looking = false;
  readonly #recvset = new Map<number, Tagged>();
  readonly #outofelection = new Map<number, Tagged>();
  #finalizeTimer: TimerHandle | null = null;
  #resendTimer: TimerHandle | null = null;

  constructor(
    private readonly host: ElectionHost,
    private readonly resendMs: number,
    private readonly finalizeWaitMs: number,
  ) {}

  /** Enters LOOKING: a new round with a vote for ourselves. */
  start(ctx: NodeContext): void {
    this.looking = true;
    this.current = null;
    this.logicalclock++;
    this.#recvset.clear();
    this.#outofelection.clear();
    this.proposal = this.host.ownVote();
    this.#vote(ctx, this.proposal);
    this.#broadcast(ctx);
  }

  stop(ctx: NodeContext): void {
    this.looking = false;
    this.#cancelFinalize(ctx);
    if (this.#resendTimer !== null) ctx.cancelTimer(this.#resendTimer);
    this.#resendTimer = null;
  }

  /** Timer payloads this module owns. */
  onTimer(ctx: NodeContext, payload: unknown): boolean {
    if (payload === 'fle-resend') {
      this.#resendTimer = null;
      if (this.looking) this.#broadcast(ctx);
      return true;
    }
    if (payload === 'fle-finalize') {
      this.#finalizeTimer = null;
      // finalizeWait passed with no better vote: the decision stands.
      if (this.looking && this.#quorumFor(this.#recvset, this.proposal, this.logicalclock)) this.#decide(ctx, this.proposal, this.logicalclock);
      return true;
    }
    return false;
  }

  onNotification(ctx: NodeContext, from: number, n: Notification, myState: ServerState): void {
    const vote: Tagged = { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch, electionEpoch: n.electionEpoch, state: n.state };
    if (!this.looking) {
      // WorkerReceiver: a decided server answers a LOOKING peer with the leader it follows.
      if (n.state === 'LOOKING' && this.current !== null) {
        this.host.sendTo(ctx, from, { type: 'notification', ...this.current, electionEpoch: this.electionEpochOfCurrent, state: myState });
      }
      return;
    }
    if (n.state === 'LOOKING') {
      if (n.electionEpoch > this.logicalclock) {
        // A newer round: join it, forget the old round's votes, and vote for the better of theirs and ours.
        this.logicalclock = n.electionEpoch;
        this.#recvset.clear();
        const own = this.host.ownVote();
        this.#setProposal(ctx, betterVote(vote, own) ? vote : own);
      } else if (n.electionEpoch < this.logicalclock) {
        // An older round: tell the sender where we are, and ignore its vote.
        this.host.sendTo(ctx, from, this.#notification());
        return;
      } else if (betterVote(vote, this.proposal)) {
        this.#setProposal(ctx, vote);
      }
      this.#recvset.set(from, vote);
      this.#vote(ctx, this.proposal);
      if (this.#quorumFor(this.#recvset, this.proposal, this.logicalclock)) this.#armFinalize(ctx);
      return;
    }
    // The sender is FOLLOWING or LEADING: an ensemble may already be running.
    if (n.electionEpoch === this.logicalclock) {
      this.#recvset.set(from, vote);
      if (this.#quorumFor(this.#recvset, vote, n.electionEpoch) && this.#checkLeader(vote.leader, n.electionEpoch)) {
        this.#decide(ctx, vote, n.electionEpoch);
        return;
      }
    }
    this.#outofelection.set(from, vote);
    if (this.#quorumFor(this.#outofelection, vote, null) && this.#checkLeader(vote.leader, n.electionEpoch)) {
      this.logicalclock = n.electionEpoch;
      this.#decide(ctx, vote, n.electionEpoch);
    }
  }

  #notification(): Notification {
    return { type: 'notification', ...this.proposal, electionEpoch: this.logicalclock, state: 'LOOKING' };
  }

  #broadcast(ctx: NodeContext): void {
    const n = this.#notification();
    for (const sid of this.host.voters) if (sid !== this.host.sid) this.host.sendTo(ctx, sid, n);
    if (this.#resendTimer !== null) ctx.cancelTimer(this.#resendTimer);
    this.#resendTimer = ctx.setTimer(this.resendMs, 'fle-resend');
  }

  #vote(_ctx: NodeContext, vote: Vote): void {
    this.#recvset.set(this.host.sid, { ...vote, electionEpoch: this.logicalclock, state: 'LOOKING' });
  }

  #setProposal(ctx: NodeContext, vote: Vote): void {
    const changed = !sameVote(vote, this.proposal);
    this.proposal = { leader: vote.leader, zxid: vote.zxid, peerEpoch: vote.peerEpoch };
    this.#vote(ctx, this.proposal);
    if (changed) {
      this.#cancelFinalize(ctx); // a better vote arrived during finalizeWait: keep looking
      this.#broadcast(ctx);
    }
  }

  /** Termination predicate: a quorum of the held votes equal `vote` (in round `round`, unless null). */
  #quorumFor(set: Map<number, Tagged>, vote: Vote, round: number | null): boolean {
    let count = 0;
    for (const v of set.values()) {
      if (round !== null && v.electionEpoch !== round) continue;
      // Votes of servers out of election compare on leader and epoch only (Vote.equals in ZooKeeper).
      if (v.leader === vote.leader && v.peerEpoch === vote.peerEpoch && (round === null || v.zxid === vote.zxid)) count++;
    }
    return count >= this.host.quorum;
  }

  /** checkLeader: never follow a leader that has not itself said LEADING (or ourselves in a stale round). */
  #checkLeader(leader: number, electionEpoch: number): boolean {
    if (leader === this.host.sid) return electionEpoch === this.logicalclock;
    return this.#outofelection.get(leader)?.state === 'LEADING';
  }

  #armFinalize(ctx: NodeContext): void {
    if (this.#finalizeTimer === null) this.#finalizeTimer = ctx.setTimer(this.finalizeWaitMs, 'fle-finalize');
  }

  #cancelFinalize(ctx: NodeContext): void {
    if (this.#finalizeTimer !== null) ctx.cancelTimer(this.#finalizeTimer);
    this.#finalizeTimer = null;
  }

  #decide(ctx: NodeContext, vote: Vote, electionEpoch: number): void {
    this.stop(ctx);
    this.current = { leader: vote.leader, zxid: vote.zxid, peerEpoch: vote.peerEpoch };
    this.electionEpochOfCurrent = electionEpoch;
    this.host.decided(ctx, this.current, electionEpoch);
  }
}
