/**
 * A client-side session, Curator style. The client creates a session on some server, sends every request
 * with its session id and the last zxid it has seen, and heartbeats while idle. Connection states:
 * - CONNECTED: a server answered recently;
 * - SUSPENDED: no answer for 2/3 of the session timeout (ZooKeeper's read timeout) or a connection loss:
 *   the session may still be alive, the client looks for another server;
 * - LOST: the server said the session expired, or (Curator's simulated expiry) the client has heard
 *   nothing for a whole session timeout. Ephemerals are gone; a new session is needed.
 * State changes are noted (`zk-connection-state`) for reports.
 *
 * Watches (watches.ts): a read with `watch` leaves a one-shot watch on the server the session talks to.
 * The first such read opens a watch connection there (setWatches); the session remembers the watches it
 * holds and, after a connection loss, opens a connection to the next server with them and the last zxid
 * it has seen, so the new server re-arms them (or fires those whose change it missed). Events come on
 * replies (before the result) and on the `pollEvents` long poll; each is delivered once, in order, to
 * `onWatchEvent`, and disarms its watch: a new read with `watch` re-arms it.
 */
import type { ClientContext, NodeId } from '../../harness/index.js';
import type { ClientOp, ClientReply, OpResult, WatchedEvent } from './messages.js';

export type ConnectionState = 'CONNECTED' | 'SUSPENDED' | 'LOST';

export type SessionOutcome =
  | { kind: 'reply'; result: OpResult; zxid: number }
  | { kind: 'lost'; submitted: boolean }
  | { kind: 'expired' };

export interface SessionConfig {
  sessionTimeoutMs: number;
  requestTimeoutMs: number;
  /** The connect string: the ensemble's servers (default: every server of the topology). */
  ensemble?: readonly NodeId[];
}

export class ZkSession {
  state: ConnectionState = 'SUSPENDED';
  sessionId = 0;
  lastZxid = 0;
  #server: NodeId;
  #lastHeardMs = 0;
  readonly #ensemble: readonly NodeId[];
  /** Watches this session holds (armed, not fired yet), by kind: what a reconnect re-registers. */
  readonly armed = { data: new Set<string>(), exist: new Set<string>(), child: new Set<string>() };
  /** Called once per watch event, in order, before the reply that carried it resolves. */
  onWatchEvent: ((event: WatchedEvent) => void) | null = null;
  /** The watch connection to the current server (0: none), and the last event seq seen on it. */
  #conn = 0;
  #connCount = 0;
  #ackEvents = 0;
  /** Zxid of the last event delivered per path: a read reply older than it does not re-arm (reordered replies). */
  readonly #lastEventZxid = new Map<string, number>();

  constructor(
    private readonly ctx: ClientContext,
    private readonly config: SessionConfig,
    clientNumber: number,
  ) {
    this.#ensemble = config.ensemble ?? ctx.servers;
    this.#server = this.#ensemble[clientNumber % this.#ensemble.length] as NodeId;
  }

  /** Creates a new session, trying servers until one works (or the run winds down). */
  async start(): Promise<boolean> {
    this.sessionId = 0;
    for (let attempt = 0; attempt < 100 && !this.ctx.stopping; attempt++) {
      const r = await this.#send({ op: 'createSession', timeoutMs: this.config.sessionTimeoutMs }, this.config.requestTimeoutMs);
      if (r.kind === 'reply' && r.result.ok && r.result.sessionId !== undefined) {
        this.sessionId = r.result.sessionId;
        this.#setState('CONNECTED');
        return true;
      }
      await this.ctx.sleep(this.config.requestTimeoutMs);
    }
    return false;
  }

  async request(op: ClientOp, timeoutMs = this.config.requestTimeoutMs): Promise<SessionOutcome> {
    if (this.checkHealth() === 'LOST') return { kind: 'expired' };
    const needsConn = op.op === 'pollEvents' || ('watch' in op && op.watch === true) || this.#holdsWatches();
    if (needsConn && this.#conn === 0 && this.sessionId !== 0) {
      const opened = await this.#connect();
      if (opened !== null) return opened;
    }
    const r = await this.#send(op, timeoutMs);
    if (r.kind === 'reply' && 'watch' in op && op.watch === true) this.#arm(op, r);
    return r;
  }

  /** Waits (up to `timeoutMs`) for watch events; they go to `onWatchEvent`. */
  pollEvents(timeoutMs = this.config.requestTimeoutMs): Promise<SessionOutcome> {
    return this.request({ op: 'pollEvents' }, timeoutMs);
  }

  #holdsWatches(): boolean {
    return this.armed.data.size + this.armed.exist.size + this.armed.child.size > 0;
  }

  /** Opens a watch connection on the current server, re-registering the watches held. Null when done. */
  async #connect(): Promise<SessionOutcome | null> {
    const conn = ++this.#connCount;
    const op: ClientOp = {
      op: 'setWatches', conn, relativeZxid: this.lastZxid,
      data: [...this.armed.data].sort(), exist: [...this.armed.exist].sort(), child: [...this.armed.child].sort(),
    };
    this.#ackEvents = 0;
    this.#conn = conn;
    const r = await this.#send(op, this.config.requestTimeoutMs);
    if (r.kind === 'reply') {
      this.ctx.cover('zk:watches-registered');
      return null;
    }
    return r;
  }

  #arm(op: Extract<ClientOp, { op: 'getData' | 'exists' | 'getChildren' }>, r: Extract<SessionOutcome, { kind: 'reply' }>): void {
    // A reply older than an event already delivered for the path (a reordered link) arms nothing.
    if ((this.#lastEventZxid.get(op.path) ?? -1) > r.zxid) return;
    if (op.op === 'getChildren') {
      if (r.result.ok) this.armed.child.add(op.path);
    } else if (r.result.ok) this.armed.data.add(op.path);
    else if (op.op === 'exists' && r.result.code === 'NONODE') this.armed.exist.add(op.path);
  }

  /** Delivers new events (seq past the last seen) in order, disarming their watches. */
  #deliver(events: readonly WatchedEvent[]): void {
    for (const event of events) {
      if (event.seq <= this.#ackEvents) continue;
      this.#ackEvents = event.seq;
      this.#lastEventZxid.set(event.path, Math.max(this.#lastEventZxid.get(event.path) ?? 0, event.zxid));
      if (event.type === 'NodeChildrenChanged') this.armed.child.delete(event.path);
      else {
        this.armed.data.delete(event.path);
        this.armed.exist.delete(event.path);
        if (event.type === 'NodeDeleted') this.armed.child.delete(event.path);
      }
      this.onWatchEvent?.(event);
    }
  }

  get sessionTimeoutMs(): number {
    return this.config.sessionTimeoutMs;
  }

  ping(): Promise<SessionOutcome> {
    return this.request({ op: 'ping' });
  }

  /** Time alone can move the state: SUSPENDED after 2/3 of the timeout in silence, LOST after all of it. */
  checkHealth(): ConnectionState {
    if (this.state === 'LOST') return this.state;
    const silentMs = this.ctx.monotonicNow() - this.#lastHeardMs;
    if (silentMs > this.config.sessionTimeoutMs) this.#setState('LOST');
    else if (silentMs > (2 * this.config.sessionTimeoutMs) / 3) this.#setState('SUSPENDED');
    return this.state;
  }

  async #send(op: ClientOp, timeoutMs: number): Promise<SessionOutcome> {
    const conn = this.#conn !== 0 && op.op !== 'setWatches' ? { conn: this.#conn, ackEvents: this.#ackEvents } : {};
    const body = { type: 'zk-request', request: op, lastZxid: this.lastZxid, ...(this.sessionId !== 0 ? { sessionId: this.sessionId } : {}), ...conn };
    const sentConn = this.#conn;
    const r = await this.ctx.call<ClientReply>(this.#server, body, { timeoutMs });
    if (r.status === 'ok' && r.body.type === 'zk-reply') {
      this.#lastHeardMs = this.ctx.monotonicNow();
      if (r.body.events !== undefined && sentConn === this.#conn) this.#deliver(r.body.events);
      this.lastZxid = Math.max(this.lastZxid, r.body.zxid);
      if (this.sessionId !== 0) this.#setState('CONNECTED');
      return { kind: 'reply', result: r.body.result, zxid: r.body.zxid };
    }
    if (r.status === 'ok' && r.body.type === 'zk-session-expired') {
      this.#setState('LOST');
      return { kind: 'expired' };
    }
    // A long poll that brought no event yet is not a connection problem.
    if (op.op === 'pollEvents' && r.status === 'timeout') return { kind: 'lost', submitted: false };
    // A reply of an old connection (its server was given up on since) says nothing about the current one.
    if (sentConn !== this.#conn) return { kind: 'lost', submitted: r.status === 'timeout' || (r.body as { submitted?: boolean }).submitted === true };
    // Connection loss or silence: look for another server; the session may still be alive. The watch
    // connection goes with it: the next request re-registers the watches held on the new server.
    this.#conn = 0;
    const others = this.#ensemble.filter((id) => id !== this.#server);
    if (others.length > 0) this.#server = this.ctx.rng.pick(others);
    if (this.sessionId !== 0 && this.state === 'CONNECTED') this.#setState('SUSPENDED');
    this.checkHealth();
    return { kind: 'lost', submitted: r.status === 'timeout' || (r.body as { submitted?: boolean }).submitted === true };
  }

  #setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.ctx.note('zk-connection-state', { state, sessionId: this.sessionId });
    if (state === 'LOST') this.ctx.cover('zk:client-session-lost');
  }
}
