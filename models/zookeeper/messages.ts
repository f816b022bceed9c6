/**
 * Every message of the model, in the order the protocol uses them. Message schemas double as
 * documentation: election (FastLeaderElection), then ZAB discovery, synchronisation and broadcast
 * between a leader and its learners, then the client protocol.
 */
import type { NodeId } from '../../harness/index.js';

export type ServerState = 'LOOKING' | 'FOLLOWING' | 'LEADING';

// ---- Election (election.ts) ----

/** FastLeaderElection's notification: "in election round `electionEpoch`, I vote for `leader`". */
export interface Notification {
  type: 'notification';
  /** Proposed leader's server id (sid). */
  leader: number;
  /** Proposed leader's last logged zxid. */
  zxid: number;
  /** Proposed leader's current epoch (the last epoch it accepted a NEWLEADER for). */
  peerEpoch: number;
  /** The sender's election round (`logicalclock`). */
  electionEpoch: number;
  state: ServerState;
}

// ---- Recovery: discovery (discovery.ts) and synchronisation (sync.ts) ----
// `conn` names one learner connection: TCP in real ZooKeeper. A message of another connection is stale.

export interface FollowerInfo { type: 'followerinfo'; conn: number; acceptedEpoch: number }
export interface LeaderInfo { type: 'leaderinfo'; conn: number; newEpoch: number }
export interface AckEpoch { type: 'ackepoch'; conn: number; currentEpoch: number; lastZxid: number }

export type SyncMode = 'DIFF' | 'TRUNC' | 'SNAP';
/**
 * The leader's way of making the learner's log equal to its own: SNAP replaces the whole log (real
 * ZooKeeper sends a snapshot of the tree; our durable state is the log); TRUNC drops the learner's entries
 * after `truncZxid`, then `txns` follow (a DIFF).
 */
export interface SyncTxns {
  type: 'sync-txns';
  conn: number;
  mode: SyncMode;
  truncZxid: number | null;
  txns: Txn[];
  /** The leader's commit point: entries up to it are committed once UPTODATE arrives; later ones are outstanding. */
  committedZxid: number;
}
export interface NewLeader { type: 'newleader'; conn: number; zxid: number }
export interface UpToDate { type: 'uptodate'; conn: number }

// ---- Broadcast (broadcast.ts) ----

export interface Proposal { type: 'proposal'; conn: number; txn: Txn }
/** Acknowledges NEWLEADER (counter 0 of the new epoch) or a proposal: "everything up to `zxid` is fsynced". */
export interface Ack { type: 'ack'; conn: number; zxid: number }
export interface Commit { type: 'commit'; conn: number; zxid: number }
/** Heartbeat both ways; a learner's carries the sessions its clients touched since the last one. */
export interface Ping { type: 'ping'; conn: number; touched?: number[] }
/**
 * Leader.sendSync: the answer to a learner's forwarded `sync` (request `req` of that learner), sent once
 * the proposals the leader had outstanding when the sync arrived are committed. FIFO after their COMMITs,
 * so a learner that applies it has applied everything the leader committed before.
 */
export interface SyncReply { type: 'sync'; conn: number; req: number }
/** A write (or sync) a learner forwards to its leader on behalf of one of its clients. */
export interface Request { type: 'request'; conn: number; origin: NodeId; req: number; op: ClientOp; sessionId: number }

export type LearnerToLeader = FollowerInfo | AckEpoch | Ack | Ping | Request;
export type LeaderToLearner = LeaderInfo | SyncTxns | NewLeader | UpToDate | Proposal | Commit | Ping | SyncReply;
export type PeerMessage = Notification | LearnerToLeader | LeaderToLearner;

// ---- Transactions (data-tree.ts) ----

export type ErrorCode =
  | 'NONODE' | 'NODEEXISTS' | 'BADVERSION' | 'NOTEMPTY' | 'NOCHILDRENFOREPHEMERALS' | 'SESSIONEXPIRED'
  /** A multi's ops after the one that failed (KeeperException.Code.RUNTIMEINCONSISTENCY). */
  | 'RUNTIMEINCONSISTENCY';

/** One op of a multi as prepared: the single ops' txns, a version check, or the op's error. */
export type MultiTxnOp =
  | Extract<TxnOp, { type: 'create' | 'setData' | 'delete' | 'error' }>
  | { type: 'check'; path: string; version: number };

/** What the leader's prep step turned a request into: the effect, fully resolved (paths, versions). */
export type TxnOp =
  | { type: 'create'; path: string; data: unknown; ephemeralOwner: number }
  | { type: 'setData'; path: string; data: unknown; version: number }
  | { type: 'delete'; path: string }
  /** A request that failed validation still goes through the pipeline, so its reply is ordered. */
  | { type: 'error'; code: ErrorCode }
  /** The client's `sync` with `syncThroughQuorum` (config.ts): a no-op that commits through a quorum. */
  | { type: 'sync' }
  /** A new session; its id is this txn's zxid (unique, and the same on every server). */
  | { type: 'createSession'; timeoutMs: number }
  /** A session closed by its client or expired by the leader: its ephemeral znodes go with it. */
  | { type: 'closeSession'; sessionId: number }
  /**
   * ZooKeeper's MultiTxn: every op at this one zxid. When one op is an error the multi failed and applies
   * nothing: the ops before it are as prepared, the ones after it RUNTIMEINCONSISTENCY errors.
   */
  | { type: 'multi'; ops: MultiTxnOp[] };

export interface Txn {
  zxid: number;
  op: TxnOp;
  /** The server whose client asked for it, and that server's request number: it answers the client. */
  origin: { server: NodeId; req: number } | null;
}

// ---- Client protocol (client.ts) ----

export type ClientOp =
  | { op: 'create'; path: string; data: unknown; sequential?: boolean; ephemeral?: boolean }
  /** `version` -1 matches any version; otherwise a compare-and-set on the znode's data version. */
  | { op: 'setData'; path: string; data: unknown; version: number }
  | { op: 'delete'; path: string; version: number }
  /**
   * An atomic multi-znode update (ZooKeeper's multi, one txn): the ops are checked in order against the
   * tree as the earlier ones leave it; all apply at one zxid, or none does.
   */
  | { op: 'multi'; ops: MultiOp[] }
  /**
   * Reads. `watch` (needs a session connection, see watches.ts) also leaves a one-shot watch, set
   * atomically with the read: getData, and exists on a znode that exists, leave a data watch
   * (NodeDataChanged, NodeDeleted); exists on a missing znode leaves an exists watch (NodeCreated);
   * getChildren leaves a child watch (NodeChildrenChanged, NodeDeleted). A NONODE getData or getChildren
   * leaves none.
   */
  | { op: 'getData'; path: string; watch?: boolean }
  | { op: 'getChildren'; path: string; watch?: boolean }
  | { op: 'exists'; path: string; watch?: boolean }
  | { op: 'sync'; path: string }
  | { op: 'createSession'; timeoutMs: number }
  | { op: 'closeSession' }
  /** Heartbeat: answered locally, touches the session. */
  | { op: 'ping' }
  /**
   * Opens the session's connection `conn` to this server (ZooKeeper's connect + SetWatches): forgets what
   * the session had here, then re-arms the watches the client still holds, firing at once those whose
   * change the client has not seen (after `relativeZxid`). Later requests carry `conn` (ClientRequest).
   */
  | { op: 'setWatches'; conn: number; relativeZxid: number; data: string[]; exist: string[]; child: string[] }
  /** Long poll for the connection's watch events: answered as soon as one is queued. */
  | { op: 'pollEvents' };

/** An op of a multi: create, setData, delete, or `check` (the znode's data version, -1 any). */
export type MultiOp =
  | Extract<ClientOp, { op: 'create' | 'setData' | 'delete' }>
  | { op: 'check'; path: string; version: number };

/**
 * One op's result in a multi's reply (ZooKeeper's OpResult). In a failed multi every op is an `error`:
 * code 'OK' for the ops before the failing one, which would have succeeded (ErrorResult(Code.OK)).
 */
export type MultiResult =
  | { op: 'create'; path: string }
  | { op: 'setData'; stat: Stat }
  | { op: 'delete' | 'check' }
  | { op: 'error'; code: ErrorCode | 'OK' };

export interface Stat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  version: number;
  cversion: number;
  ephemeralOwner: number;
  numChildren: number;
}

/** `results`: a multi's, one per op; a failed multi's `code` is its failing op's. */
export type OpResult =
  | { ok: true; path?: string; data?: unknown; stat?: Stat; children?: string[]; sessionId?: number; results?: MultiResult[] }
  | { ok: false; code: ErrorCode; results?: MultiResult[] };

/** The event types of ZooKeeper's watches (Watcher.Event.EventType). */
export type WatchEventType = 'NodeCreated' | 'NodeDataChanged' | 'NodeDeleted' | 'NodeChildrenChanged';

/** A fired watch, as the server queues it for a session's connection. */
export interface WatchedEvent {
  /** Per connection, from 1, in firing order: the client acknowledges (`ackEvents`) and deduplicates by it. */
  seq: number;
  type: WatchEventType;
  path: string;
  /** The txn that fired it. */
  zxid: number;
}

export interface ClientRequest {
  type: 'zk-request';
  request: ClientOp;
  /** The client's session, if it has one (ephemeral owner, heartbeats). */
  sessionId?: number;
  /** The last zxid the client has seen: a server that is behind it refuses the connection. */
  lastZxid?: number;
  /** The session's watch connection to this server (setWatches opened it); a server without it refuses. */
  conn?: number;
  /** The highest event seq of `conn` the client has seen: the server stops resending those. */
  ackEvents?: number;
}

export type ClientReply =
  /** `zxid`: the txn that did it (writes, sync) or the server's last applied zxid (reads). */
  /**
   * `events`: the connection's watch events not yet acknowledged, which the client delivers before the
   * result, so it never sees a response that depends on a change before that change's event.
   */
  | { type: 'zk-reply'; result: OpResult; zxid: number; events?: WatchedEvent[] }
  /** The server cannot serve (not in broadcast) or lost its leader. `submitted`: the request may have reached the leader. */
  | { type: 'zk-connection-loss'; submitted: boolean }
  /** The session is gone (expired or closed): its ephemerals are deleted. */
  | { type: 'zk-session-expired' };

export function isClientRequest(body: unknown): body is ClientRequest {
  return (body as { type?: unknown } | null)?.type === 'zk-request';
}

export const isWrite = (op: ClientOp): boolean =>
  op.op === 'create' || op.op === 'setData' || op.op === 'delete' || op.op === 'multi' || op.op === 'sync' || op.op === 'createSession' ||
  op.op === 'closeSession';
