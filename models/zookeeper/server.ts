/**
 * A ZooKeeper server (QuorumPeer): LOOKING runs FastLeaderElection (election.ts); LEADING and FOLLOWING
 * run ZAB: discovery (discovery.ts), synchronisation (sync.ts) and broadcast (broadcast.ts). Clients
 * talk to any server (serving.ts): reads are local and may be stale, writes go through the leader.
 *
 * Durable state, as ZooKeeper keeps it: `acceptedEpoch` and `currentEpoch` files and the transaction log.
 * Everything else (the data tree, what is committed, election round) is rebuilt after a restart.
 */
import type { Envelope, NodeBehavior, NodeContext, NodeId, TimerHandle } from '../../harness/index.js';
import type { ZkAudit } from './audit.js';
import type { ZkConfig } from './config.js';
import { DataTree } from './data-tree.js';
import { Election, type Vote } from './election.js';
import { isClientRequest, type ClientReply, type ClientRequest, type PeerMessage, type ServerState, type Txn } from './messages.js';
import { WatchManager, type WatchConnection } from './watches.js';
import { showZxid } from './zxid.js';
import { type LeaderState, leaderOnMessage, leaderTick, startLeading } from './discovery.js';
import { type FollowerState, followerOnMessage, followerTick, startFollowing } from './learner.js';
import { onClientRequest } from './serving.js';

export const LOG = 'txnlog';
/** Prefix of the log line written at every role change (read back by the report panels). */
export const ROLE_LOG = 'role ';

/** What a role line says: the server's role, the leader it follows, the epoch and its last zxid. */
export interface RoleLine {
  role: 'LOOKING' | 'LEADING (recovery)' | 'LEADING' | 'FOLLOWING (sync)' | 'FOLLOWING';
  leader: NodeId | null;
  epoch: number;
  lastZxid: string;
}
const ACCEPTED_EPOCH = 'acceptedEpoch';
const CURRENT_EPOCH = 'currentEpoch';

export interface ServerSnapshot {
  id: NodeId;
  state: ServerState;
  epoch: number;
  leader: NodeId | null;
  lastZxid: string;
  committed: number;
}

export class ZkServer implements NodeBehavior {
  readonly sid: number;
  ctx!: NodeContext;
  state: ServerState = 'LOOKING';
  election!: Election;
  leader: LeaderState | null = null;
  follower: FollowerState | null = null;
  /** The tree as of `applied` committed log entries. */
  tree = new DataTree();
  /** Log entries [0, commitIndex) are known committed; [0, applied) are in the tree. */
  commitIndex = 0;
  applied = 0;
  /** Client requests waiting for their txn to commit here, by request number. */
  readonly pending = new Map<number, Envelope>();
  /** Sessions' watches and their connections to this server (watches.ts). */
  readonly watchManager = new WatchManager();
  #nextReq = 0;
  #tick: TimerHandle | null = null;

  constructor(
    readonly id: NodeId,
    readonly peers: readonly NodeId[],
    readonly config: ZkConfig,
    readonly audit: ZkAudit,
  ) {
    this.sid = peers.indexOf(id) + 1;
    if (this.sid === 0) throw new Error(`zookeeper: ${id} is not in the ensemble ${peers.join(',')}`);
  }

  get quorum(): number {
    return Math.floor(this.peers.length / 2) + 1;
  }

  nodeOf(sid: number): NodeId {
    return this.peers[sid - 1] as NodeId;
  }

  // ---- durable state ----

  get acceptedEpoch(): number {
    return (this.ctx.storage.get(ACCEPTED_EPOCH) as number | undefined) ?? 0;
  }

  /** Written and fsynced before anyone hears of it (ZAB: a follower promises not to go back). */
  persistAcceptedEpoch(epoch: number): void {
    this.ctx.storage.set(ACCEPTED_EPOCH, epoch);
    this.ctx.storage.fsync();
  }

  get currentEpoch(): number {
    return (this.ctx.storage.get(CURRENT_EPOCH) as number | undefined) ?? 0;
  }

  persistCurrentEpoch(epoch: number): void {
    this.ctx.storage.set(CURRENT_EPOCH, epoch);
    this.ctx.storage.fsync();
  }

  log(): readonly Txn[] {
    return this.ctx.storage.readLog(LOG) as readonly Txn[];
  }

  lastZxid(): number {
    return this.log().at(-1)?.zxid ?? 0;
  }

  // ---- lifecycle ----

  init(ctx: NodeContext): void {
    this.ctx = ctx;
    const voters = this.peers.map((_, i) => i + 1);
    this.election = new Election(
      {
        sid: this.sid,
        quorum: this.quorum,
        voters,
        sendTo: (c, sid, n) => c.send(this.nodeOf(sid), n),
        ownVote: (): Vote => ({ leader: this.sid, zxid: this.lastZxid(), peerEpoch: this.currentEpoch }),
        decided: (c, vote) => this.#decided(c, vote),
      },
      this.config.notificationResendMs,
      this.config.finalizeWaitMs,
    );
    this.#tick = ctx.setTimer(this.config.tickMs / 2, 'tick');
    this.goLooking('started');
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    this.ctx = ctx;
    if (timer.payload === 'tick') {
      this.#tick = ctx.setTimer(this.config.tickMs / 2, 'tick');
      if (this.leader !== null) leaderTick(this);
      else if (this.follower !== null) followerTick(this);
      return;
    }
    this.election.onTimer(ctx, timer.payload);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    this.ctx = ctx;
    const body = msg.body;
    if (isClientRequest(body)) {
      onClientRequest(this, msg, body);
      return;
    }
    const m = body as PeerMessage;
    if (m.type === 'notification') {
      this.election.onNotification(ctx, this.peers.indexOf(msg.from) + 1, m, this.state);
      return;
    }
    if (this.leader !== null) leaderOnMessage(this, msg.from, m);
    else if (this.follower !== null) followerOnMessage(this, msg.from, m);
  }

  // ---- role changes ----

  /** Leaves LEADING/FOLLOWING (or starts): clients lose their connection, a new election round starts. */
  goLooking(reason: string): void {
    const was = this.state;
    this.leader = null;
    this.follower = null;
    this.state = 'LOOKING';
    this.failPending(true);
    if (was !== 'LOOKING' || reason === 'started') {
      this.ctx.log(`LOOKING (${reason}) currentEpoch ${this.currentEpoch} lastZxid ${showZxid(this.lastZxid())}`);
      this.logRole('LOOKING', null);
    }
    if (was === 'LEADING') this.ctx.cover('zk:leader-stepped-down');
    this.election.start(this.ctx);
  }

  #decided(ctx: NodeContext, vote: Vote): void {
    if (vote.leader === this.sid) {
      this.state = 'LEADING';
      startLeading(this);
    } else {
      this.state = 'FOLLOWING';
      startFollowing(this, this.nodeOf(vote.leader));
    }
    ctx.log(`${this.state} leader ${this.nodeOf(vote.leader)} (election round ${this.election.logicalclock})`);
    this.logRole(this.state === 'LEADING' ? 'LEADING (recovery)' : 'FOLLOWING (sync)', this.nodeOf(vote.leader));
  }

  logRole(role: RoleLine['role'], leader: NodeId | null, epoch = this.currentEpoch): void {
    const line: RoleLine = { role, leader, epoch, lastZxid: showZxid(this.lastZxid()) };
    this.ctx.log(ROLE_LOG + JSON.stringify(line));
  }

  // ---- commit and apply ----

  /** Marks every entry up to `count` committed and applies it, answering our clients. */
  commitUpTo(count: number): void {
    const log = this.log();
    this.commitIndex = Math.max(this.commitIndex, Math.min(count, log.length));
    while (this.applied < this.commitIndex) {
      const txn = log[this.applied] as Txn;
      const changes = WatchManager.changesOf(this.tree, txn);
      const result = this.tree.apply(txn);
      // Events are queued before any reply that depends on this txn (the ordering guarantee).
      if (result.ok) for (const c of this.watchManager.trigger(changes, txn.zxid)) this.#answerPoll(c);
      if (txn.op.type === 'closeSession') {
        const poll = this.watchManager.drop(txn.op.sessionId);
        if (poll !== null) this.ctx.reply(poll, { type: 'zk-session-expired' } satisfies ClientReply);
      }
      this.applied++;
      this.audit.commit(this.id, txn, this.leader?.phase === 'established');
      if (txn.origin?.server === this.id) {
        const request = this.pending.get(txn.origin.req);
        if (request !== undefined) {
          this.pending.delete(txn.origin.req);
          this.replyToClient(request, { type: 'zk-reply', result, zxid: txn.zxid });
        }
      }
    }
  }

  /**
   * Answers a client request; a reply on a watch connection carries the connection's unacknowledged
   * events, which the client delivers before the result.
   */
  replyToClient(request: Envelope, reply: ClientReply): void {
    const body = request.body as ClientRequest;
    const conn = body.request.op === 'setWatches' ? body.request.conn : body.conn;
    const c = conn === undefined ? undefined : this.watchManager.connection(body.sessionId ?? 0);
    const events = c !== undefined && c.conn === conn ? c.queue : [];
    const out = reply.type === 'zk-reply' && events.length > 0 ? { ...reply, events: [...events] } : reply;
    this.ctx.reply(request, out satisfies ClientReply);
  }

  /** A connection got events: its outstanding long poll, if any, takes them now. */
  #answerPoll(c: WatchConnection): void {
    const poll = c.poll;
    if (poll === null) return;
    c.poll = null;
    this.replyToClient(poll, { type: 'zk-reply', result: { ok: true }, zxid: this.tree.lastZxid });
  }

  /** The log changed under the tree (TRUNC, SNAP): rebuild the tree from scratch. */
  resetTree(): void {
    this.tree = new DataTree();
    this.commitIndex = 0;
    this.applied = 0;
  }

  #nextConn = 0;

  newConnectionId(): number {
    return this.ctx.incarnation * 1_000_000 + ++this.#nextConn;
  }

  newRequestNumber(): number {
    // Unique across incarnations, so a txn from before a restart never answers a new request.
    return this.ctx.incarnation * 1_000_000 + ++this.#nextReq;
  }

  failPending(submitted: boolean): void {
    for (const request of this.pending.values()) {
      this.ctx.reply(request, { type: 'zk-connection-loss', submitted } satisfies ClientReply);
    }
    this.pending.clear();
    // Watches live in the server's memory: a client that loses its server must set them again.
    for (const poll of this.watchManager.dropAll()) this.ctx.reply(poll, { type: 'zk-connection-loss', submitted: false } satisfies ClientReply);
  }

  /** True when this server may serve clients: an established leader or a follower past UPTODATE. */
  get serving(): boolean {
    return (this.leader?.phase === 'established') || (this.follower?.phase === 'broadcast');
  }

  snapshot(): ServerSnapshot {
    const leader = this.state === 'LEADING' ? this.id : this.follower?.leaderId ?? null;
    return {
      id: this.id, state: this.state, epoch: this.currentEpoch, leader,
      lastZxid: showZxid(this.lastZxid()), committed: this.commitIndex,
    };
  }
}

export function zkServer(config: ZkConfig, peers: readonly NodeId[], audit: ZkAudit): (id: NodeId) => ZkServer {
  return (id) => new ZkServer(id, peers, config, audit);
}
