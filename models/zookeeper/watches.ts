/**
 * Watches on the server side (ZooKeeper's WatchManager, reduced), per the Programmer's Guide's "ZooKeeper
 * Watches":
 * - one-shot: a watch fires once, then is gone; the client reads again (with `watch`) to re-arm it;
 * - data watches (getData, exists on an existing znode) fire NodeDataChanged on setData and NodeDeleted
 *   on delete; exists on a missing znode leaves a watch that fires NodeCreated when it is created;
 * - child watches (getChildren) fire NodeChildrenChanged when a child is created or deleted, and
 *   NodeDeleted when the znode itself is deleted; a session gets one event per change and path;
 * - watches live in the memory of the server the session is connected to. The client opens a
 *   *connection* with setWatches (its connection number, the last zxid it has seen and the watches it
 *   still holds); the server re-arms them, firing at once those whose change is after that zxid (the
 *   client reconnecting to another server does the same). A server that loses its leader, restarts, or
 *   sees a newer connection of the session forgets the old one; a request on a forgotten connection gets
 *   a connection loss, and the client reconnects.
 * - ordering: events are queued when a txn is applied, before any reply that depends on it, and every
 *   reply on the connection carries the events not yet acknowledged; the client delivers them before the
 *   reply's result. So a client sees a watch event before any response that depends on the change, even
 *   on a link that reorders. A long poll (pollEvents) delivers them when the client is idle.
 *
 * Real ZooKeeper pushes events over the session's TCP connection; our clients only get replies, hence the
 * piggybacking and the long poll. The lock and leader election recipes (line.ts) wait on them.
 */
import type { Envelope } from '../../harness/index.js';
import { parentOf, type DataTree } from './data-tree.js';
import type { OpResult, Txn, WatchedEvent, WatchEventType } from './messages.js';

/** One session's connection to this server: its queued events and its outstanding long poll. */
export interface WatchConnection {
  readonly sessionId: number;
  readonly conn: number;
  /** Fired, not yet acknowledged by the client. */
  queue: WatchedEvent[];
  nextSeq: number;
  poll: Envelope | null;
}

/** A change a txn makes, as watches see it (computed before the txn is applied). */
type Change = { kind: 'create' | 'setData' | 'delete'; path: string };

export class WatchManager {
  /** path -> sessions with a data (or exists) watch on it. */
  readonly #data = new Map<string, Set<number>>();
  /** path -> sessions with a child watch on it. */
  readonly #child = new Map<string, Set<number>>();
  readonly #conns = new Map<number, WatchConnection>();

  connection(sessionId: number): WatchConnection | undefined {
    return this.#conns.get(sessionId);
  }

  /** Opens a session's connection, forgetting its previous one (watches and queued events). */
  connect(sessionId: number, conn: number): WatchConnection {
    this.drop(sessionId);
    const c: WatchConnection = { sessionId, conn, queue: [], nextSeq: 1, poll: null };
    this.#conns.set(sessionId, c);
    return c;
  }

  /** Forgets a session's connection and its watches; returns its outstanding long poll, if any. */
  drop(sessionId: number): Envelope | null {
    const c = this.#conns.get(sessionId);
    if (c === undefined) return null;
    this.#conns.delete(sessionId);
    for (const table of [this.#data, this.#child]) {
      for (const [path, sessions] of table) {
        sessions.delete(sessionId);
        if (sessions.size === 0) table.delete(path);
      }
    }
    return c.poll;
  }

  /** Forgets every connection (the server lost its leader or stopped serving); returns the long polls to fail. */
  dropAll(): Envelope[] {
    const polls = [...this.#conns.values()].flatMap((c) => (c.poll === null ? [] : [c.poll]));
    this.#conns.clear();
    this.#data.clear();
    this.#child.clear();
    return polls;
  }

  /** Drops the events the client has seen. */
  ack(c: WatchConnection, upTo: number): void {
    if (c.queue.length > 0 && c.queue[0]!.seq <= upTo) c.queue = c.queue.filter((e) => e.seq > upTo);
  }

  /** Arms the watch a read with `watch` leaves, given its result (see ClientOp). */
  armForRead(sessionId: number, op: 'getData' | 'exists' | 'getChildren', path: string, result: OpResult): void {
    if (op === 'getChildren') {
      if (result.ok) add(this.#child, path, sessionId);
    } else if (result.ok || op === 'exists') {
      add(this.#data, path, sessionId);
    }
  }

  /**
   * setWatches: re-arms the client's watches, firing at once (at zxid `now`) those whose change it has
   * not seen: a data watch whose znode changed after `relativeZxid` or is gone, an exists watch whose znode
   * now exists, a child watch whose children changed (pzxid) or whose znode is gone.
   */
  rearm(c: WatchConnection, tree: DataTree, relativeZxid: number, watches: { data: string[]; exist: string[]; child: string[] }): void {
    const now = tree.lastZxid;
    for (const path of watches.data) {
      const node = tree.get(path);
      if (node === undefined) this.#queue(c, 'NodeDeleted', path, now);
      else if (node.stat.mzxid > relativeZxid) this.#queue(c, 'NodeDataChanged', path, now);
      else add(this.#data, path, c.sessionId);
    }
    for (const path of watches.exist) {
      if (tree.get(path) !== undefined) this.#queue(c, 'NodeCreated', path, now);
      else add(this.#data, path, c.sessionId);
    }
    for (const path of watches.child) {
      const node = tree.get(path);
      if (node === undefined) this.#queue(c, 'NodeDeleted', path, now);
      else if (node.stat.pzxid > relativeZxid) this.#queue(c, 'NodeChildrenChanged', path, now);
      else add(this.#child, path, c.sessionId);
    }
  }

  /** The changes a txn will make (call before applying it: closeSession needs the ephemerals). */
  static changesOf(tree: DataTree, txn: Txn): Change[] {
    const op = txn.op;
    switch (op.type) {
      case 'create':
        return [{ kind: 'create', path: op.path }];
      case 'setData':
        return [{ kind: 'setData', path: op.path }];
      case 'delete':
        return [{ kind: 'delete', path: op.path }];
      case 'closeSession':
        return tree.ephemeralsOf(op.sessionId).map((path) => ({ kind: 'delete', path }));
      case 'multi':
        // Each op's, in order, as its single op would fire them (a failed multi fires none: result not ok).
        return op.ops.flatMap((sub) => (sub.type === 'check' || sub.type === 'error' ? [] : [{ kind: sub.type, path: sub.path }]));
      default:
        return [];
    }
  }

  /** Fires the watches of an applied txn's changes; returns the connections that got events. */
  trigger(changes: Change[], zxid: number): WatchConnection[] {
    const touched = new Set<WatchConnection>();
    const fire = (table: Map<string, Set<number>>, path: string, type: WatchEventType, done?: Set<number>): Set<number> => {
      const sessions = table.get(path);
      const fired = new Set<number>();
      if (sessions === undefined) return fired;
      table.delete(path); // one-shot
      for (const sessionId of [...sessions].sort((a, b) => a - b)) {
        fired.add(sessionId);
        if (done?.has(sessionId)) continue; // one NodeDeleted per session, as in DataTree.deleteNode
        const c = this.#conns.get(sessionId);
        if (c === undefined) continue;
        this.#queue(c, type, path, zxid);
        touched.add(c);
      }
      return fired;
    };
    for (const change of changes) {
      if (change.kind === 'create') {
        fire(this.#data, change.path, 'NodeCreated');
        fire(this.#child, parentOf(change.path), 'NodeChildrenChanged');
      } else if (change.kind === 'setData') {
        fire(this.#data, change.path, 'NodeDataChanged');
      } else {
        const done = fire(this.#data, change.path, 'NodeDeleted');
        fire(this.#child, change.path, 'NodeDeleted', done);
        fire(this.#child, parentOf(change.path), 'NodeChildrenChanged');
      }
    }
    return [...touched];
  }

  #queue(c: WatchConnection, type: WatchEventType, path: string, zxid: number): void {
    c.queue.push({ seq: c.nextSeq++, type, path, zxid });
  }
}

function add(table: Map<string, Set<number>>, path: string, sessionId: number): void {
  const sessions = table.get(path) ?? new Set<number>();
  sessions.add(sessionId);
  table.set(path, sessions);
}
