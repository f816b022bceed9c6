/**
 * A ZooKeeper server that speaks the client wire protocol (jute, port 2181) over simulated TCP, so
 * unmodified client libraries (node-zookeeper-client) talk to the model: ZkServer with a wire front end,
 * as ZooKeeper's NIOServerCnxn is to its request pipeline. Each request goes through the model's own
 * client path (serving.ts: local reads, writes through the leader, sessions, watches); the front end only
 * translates, and keeps what ZooKeeper keeps per connection:
 * - a connection is one session's: ConnectRequest with session id 0 creates one (its timeout negotiated
 *   into [minSessionTimeout, maxSessionTimeout], ZooKeeper's defaults 2 and 20 ticks); with an id and
 *   its password it resumes that session when it is alive, else the ConnectResponse has timeout 0 (the
 *   client's "session expired") and the connection closes;
 * - requests are answered in order per connection (ZooKeeper's per-session ordering): one is in the
 *   pipeline at a time, so a read after a write sees it;
 * - watch events are pushed (xid -1) as the model fires them, before any reply that depends on them;
 * - a server that cannot serve (no quorum, in election, behind the client's last zxid) closes the
 *   connection, and so does one that loses its leader or sees the session expire or close: the client
 *   moves to the next server of its connection string.
 */
import type { Envelope, NodeContext, NodeFactory, NodeId, TimerHandle } from '../../harness/index.js';
import { TcpServer, isTcpSegment, type ServerStream, type StreamHandler, type TcpSegment } from '../../harness/real/index.js';
import type { ZkAudit } from './audit.js';
import type { ZkConfig } from './config.js';
import {
  CreateFlag, ErrCode, EventType, FrameReader, JuteError, JuteReader, JuteWriter, KeeperState, Xid,
  readConnectRequest, readRequest, readRequestHeader, writeConnectResponse, writeReplyHeader, writeResponse, writeWatcherEvent,
  type ConnectRequest, type JuteMultiOp, type JuteMultiResult, type JuteRequest, type JuteResponse, type JuteStat,
} from './jute.js';
import type { ClientOp, ClientReply, ClientRequest, ErrorCode, MultiOp, MultiResult, OpResult, Stat, WatchedEvent } from './messages.js';
import { ZkServer } from './server.js';
import { onClientRequest } from './serving.js';

export const ZK_CLIENT_PORT = 2181;

export interface JuteServerOptions {
  /** zoo.cfg minSessionTimeout / maxSessionTimeout (default 2 and 20 ticks, as ZooKeeper's). */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
}

interface Pending {
  xid: number;
  request: JuteRequest;
}

/** One client connection: its session once connected, and its requests in arrival order. */
interface Connection {
  readonly stream: ServerStream;
  readonly frames: FrameReader;
  phase: 'connecting' | 'connected' | 'closed';
  sessionId: number;
  /** The model's watch connection number for this TCP connection (watches.ts). */
  readonly conn: number;
  /** Requests not yet in the pipeline; `busy` while one is. */
  readonly queue: Pending[];
  busy: boolean;
  /** The last watch event seq written to the client. */
  delivered: number;
  /** The client sent closeSession: its reply closes the connection. */
  closingSession: boolean;
}

const PASSWORD_BYTES = 16;

/** ZooKeeper derives a session's password from its id and a server secret; any fixed function will do here. */
export function sessionPassword(sessionId: number): Buffer {
  const out = Buffer.alloc(PASSWORD_BYTES);
  let x = (sessionId % 0x7fffffff) ^ 0x5a17c0de;
  for (let i = 0; i < PASSWORD_BYTES; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const ERR: Record<ErrorCode, number> = {
  NONODE: ErrCode.NONODE, NODEEXISTS: ErrCode.NODEEXISTS, BADVERSION: ErrCode.BADVERSION, NOTEMPTY: ErrCode.NOTEMPTY,
  NOCHILDRENFOREPHEMERALS: ErrCode.NOCHILDRENFOREPHEMERALS, SESSIONEXPIRED: ErrCode.SESSIONEXPIRED,
  RUNTIMEINCONSISTENCY: ErrCode.RUNTIMEINCONSISTENCY,
};

const EVENT: Record<WatchedEvent['type'], number> = {
  NodeCreated: EventType.NodeCreated, NodeDeleted: EventType.NodeDeleted, NodeDataChanged: EventType.NodeDataChanged,
  NodeChildrenChanged: EventType.NodeChildrenChanged,
};

/** Znode data on the wire: the model keeps a jute client's bytes as a latin1 string (a model client's values as JSON). */
const toData = (bytes: Buffer | null): string | null => (bytes === null ? null : bytes.toString('latin1'));
function dataBytes(data: unknown): Buffer | null {
  if (data === null || data === undefined) return null;
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(JSON.stringify(data), 'utf8');
}

/** The model's stat with the fields it does not keep: no ACLs (aversion 0), no txn times (ctime, mtime 0). */
const juteStat = (s: Stat, dataLength: number): JuteStat => ({
  czxid: s.czxid, mzxid: s.mzxid, ctime: 0, mtime: 0, version: s.version, cversion: s.cversion, aversion: 0,
  ephemeralOwner: s.ephemeralOwner, dataLength, numChildren: s.numChildren, pzxid: s.pzxid,
});

export class JuteZkServer extends ZkServer {
  readonly #tcp: TcpServer;
  readonly #minTimeoutMs: number;
  readonly #maxTimeoutMs: number;
  /** The node's context with `reply` routed: an answer to one of our own requests comes back here. */
  #wrapped: NodeContext | null = null;
  readonly #ours = new Map<Envelope, (reply: ClientReply) => void>();
  #nextEnvelope = 0;
  /** Connections whose request got its answer during a model event: they take their next one after it. */
  readonly #ready = new Set<Connection>();

  constructor(id: NodeId, peers: readonly NodeId[], config: ZkConfig, audit: ZkAudit, options: JuteServerOptions) {
    super(id, peers, config, audit);
    this.#minTimeoutMs = options.minSessionTimeoutMs ?? 2 * config.tickMs;
    this.#maxTimeoutMs = options.maxSessionTimeoutMs ?? 20 * config.tickMs;
    this.#tcp = new TcpServer({ [ZK_CLIENT_PORT]: (stream) => this.#connection(stream) });
  }

  override init(ctx: NodeContext): void {
    super.init(this.#wrap(ctx));
    this.#drainReady();
  }

  override onTimer(ctx: NodeContext, timer: TimerHandle): void {
    super.onTimer(this.#wrap(ctx), timer);
    this.#drainReady();
  }

  override onMessage(ctx: NodeContext, msg: Envelope): void {
    const wrapped = this.#wrap(ctx);
    if (isTcpSegment(msg.body)) {
      this.ctx = wrapped;
      this.#tcp.onSegment(ctx, msg as Envelope<TcpSegment>);
    } else {
      super.onMessage(wrapped, msg);
    }
    this.#drainReady();
  }

  #wrap(ctx: NodeContext): NodeContext {
    if (this.#wrapped === null) {
      this.#wrapped = {
        ...ctx,
        reply: (to, body) => {
          const answer = this.#ours.get(to);
          if (answer === undefined) ctx.reply(to, body);
          else {
            this.#ours.delete(to);
            answer(body as ClientReply);
          }
        },
      };
    }
    return this.#wrapped;
  }

  /** Puts a request into the model's client path as if it came from `c`'s client; `answer` gets the reply. */
  #submit(c: Connection, request: ClientOp, answer: (reply: ClientReply) => void, extra: Partial<ClientRequest> = {}): void {
    const body: ClientRequest = {
      type: 'zk-request', request, ...(c.sessionId !== 0 ? { sessionId: c.sessionId, conn: c.conn } : {}), ...extra,
    };
    const envelope: Envelope = { id: -++this.#nextEnvelope, from: c.stream.client, to: this.id, body };
    this.#ours.set(envelope, answer);
    onClientRequest(this, envelope, body);
  }

  #connection(stream: ServerStream): StreamHandler {
    const c: Connection = {
      stream, frames: new FrameReader(), phase: 'connecting', sessionId: 0, conn: this.newConnectionId(),
      queue: [], busy: false, delivered: 0, closingSession: false,
    };
    return {
      onData: (data) => {
        if (c.phase === 'closed') return;
        c.frames.push(Buffer.from(data, 'latin1'));
        try {
          for (let frame = c.frames.next(); frame !== null && (c.phase as Connection['phase']) !== 'closed'; frame = c.frames.next()) this.#frame(c, frame);
        } catch (error) {
          if (!(error instanceof JuteError)) throw error;
          this.ctx.log(`closing ${stream.client}'s connection: ${error.message}`);
          this.#close(c);
          return;
        }
        this.#drain(c);
      },
      // The client closed its side: ZooKeeper closes the connection; the session lives on until it expires.
      onEnd: () => this.#close(c),
      onClose: () => this.#forget(c),
    };
  }

  #frame(c: Connection, frame: Buffer): void {
    const r = new JuteReader(frame);
    // Requests a client sends before the ConnectResponse wait for it (ZooKeeper reads none until then).
    if (c.phase === 'connecting' && !c.busy) {
      c.busy = true;
      this.#connect(c, readConnectRequest(r));
      return;
    }
    const header = readRequestHeader(r);
    c.queue.push({ xid: header.xid, request: readRequest(header.type, r) });
  }

  /** ZooKeeperServer.processConnectRequest: a new session, or the client's session resumed here. */
  #connect(c: Connection, req: ConnectRequest): void {
    const refuse = (reply: ClientReply): void => {
      if (reply.type === 'zk-session-expired') this.#expiredResponse(c);
      else this.#close(c); // not serving, or behind the client: ZooKeeper closes the socket
    };
    if (req.sessionId === 0) {
      const timeoutMs = Math.min(this.#maxTimeoutMs, Math.max(this.#minTimeoutMs, req.timeOut));
      this.#submit(c, { op: 'createSession', timeoutMs }, (reply) => {
        if (reply.type !== 'zk-reply' || !reply.result.ok || reply.result.sessionId === undefined) return refuse(reply);
        this.#connected(c, reply.result.sessionId, timeoutMs, req.lastZxidSeen);
      }, { lastZxid: req.lastZxidSeen });
      return;
    }
    // A wrong password is answered as an expired session (ZooKeeperServer.reopenSession).
    if (!sessionPassword(req.sessionId).equals(req.passwd)) {
      this.#expiredResponse(c);
      return;
    }
    this.#submit(c, { op: 'ping' }, (reply) => {
      if (reply.type !== 'zk-reply') return refuse(reply);
      this.ctx.cover('zk:jute-session-resumed');
      this.#connected(c, req.sessionId, this.tree.sessions.get(req.sessionId) ?? req.timeOut, req.lastZxidSeen);
    }, { sessionId: req.sessionId, lastZxid: req.lastZxidSeen });
  }

  /** Opens the session's watch connection here, answers the ConnectRequest, and starts listening for events. */
  #connected(c: Connection, sessionId: number, timeoutMs: number, lastZxidSeen: number): void {
    c.sessionId = sessionId;
    let opened = false;
    this.#submit(c, { op: 'setWatches', conn: c.conn, relativeZxid: lastZxidSeen, data: [], exist: [], child: [] }, (reply) => {
      opened = reply.type === 'zk-reply';
    });
    if (!opened) {
      this.#close(c);
      return;
    }
    this.#write(c, writeConnectResponse(new JuteWriter(), { protocolVersion: 0, timeOut: timeoutMs, sessionId, passwd: sessionPassword(sessionId) }));
    c.phase = 'connected';
    c.busy = false;
    this.#listen(c);
    this.#ready.add(c);
  }

  /** The session is gone (or the password is wrong): timeout 0 tells the client, then the connection closes. */
  #expiredResponse(c: Connection): void {
    this.ctx.cover('zk:jute-session-expired-on-connect');
    this.#write(c, writeConnectResponse(new JuteWriter(), { protocolVersion: 0, timeOut: 0, sessionId: 0, passwd: Buffer.alloc(PASSWORD_BYTES) }));
    this.#close(c);
  }

  /** A long poll on the session's watch connection: events are pushed as they fire. */
  #listen(c: Connection): void {
    if (c.phase !== 'connected') return;
    this.#submit(c, { op: 'pollEvents' }, (reply) => {
      if (c.phase !== 'connected') return;
      if (reply.type === 'zk-reply') {
        this.#events(c, reply.events ?? []);
        this.#listen(c);
      } else if (!(reply.type === 'zk-session-expired' && c.closingSession)) {
        // The server lost its leader, or the session expired: ZooKeeper closes the session's connection.
        this.#close(c);
      }
    });
  }

  /** Writes the events the client has not had yet, and tells the model they are delivered (TCP is in order). */
  #events(c: Connection, events: readonly WatchedEvent[]): void {
    for (const e of events) {
      if (e.seq <= c.delivered) continue;
      c.delivered = e.seq;
      this.#write(c, writeWatcherEvent(writeReplyHeader(new JuteWriter(), { xid: Xid.notification, zxid: -1, err: 0 }), {
        type: EVENT[e.type], state: KeeperState.SyncConnected, path: e.path,
      }));
    }
    const w = this.watchManager.connection(c.sessionId);
    if (w !== undefined && w.conn === c.conn) this.watchManager.ack(w, c.delivered);
  }

  #drainReady(): void {
    for (const c of [...this.#ready]) {
      this.#ready.delete(c);
      this.#drain(c);
    }
  }

  /** Takes the connection's requests into the pipeline one at a time. */
  #drain(c: Connection): void {
    while (c.phase === 'connected' && !c.busy && c.queue.length > 0) {
      const next = c.queue.shift() as Pending;
      c.busy = true;
      this.#request(c, next);
    }
  }

  #request(c: Connection, p: Pending): void {
    const req = p.request;
    const done = (zxid: number, err: number, response?: JuteResponse): void => {
      const w = writeReplyHeader(new JuteWriter(), { xid: p.xid, zxid, err });
      this.#write(c, response === undefined ? w : writeResponse(w, response));
      c.busy = false;
      this.#ready.add(c);
    };
    switch (req.type) {
      case 'unsupported':
        done(this.tree.lastZxid, ErrCode.UNIMPLEMENTED);
        return;
      case 'setWatches': {
        // The client's watches from before a reconnect: re-armed here, or fired at once if it missed the change.
        const w = this.watchManager.connection(c.sessionId);
        if (w === undefined || w.conn !== c.conn) {
          this.#close(c);
          return;
        }
        this.watchManager.rearm(w, this.tree, req.relativeZxid, req);
        this.#events(c, w.queue);
        done(this.tree.lastZxid, ErrCode.OK);
        return;
      }
      case 'closeSession':
        c.closingSession = true;
        break;
      case 'create':
      case 'multi':
        // Container and TTL nodes are not modelled: a create of one (alone or in a multi) is refused whole.
        if ((req.type === 'create' ? [req] : req.ops).some((op) => op.type === 'create' && !servedFlags(op.flags))) {
          done(this.tree.lastZxid, ErrCode.BADARGUMENTS);
          return;
        }
        break;
      default:
        break;
    }
    this.#submit(c, modelOp(req), (reply) => {
      if (c.phase !== 'connected') return;
      if (reply.type === 'zk-connection-loss') {
        this.#close(c);
        return;
      }
      if (reply.type === 'zk-session-expired') {
        done(this.tree.lastZxid, ErrCode.SESSIONEXPIRED);
        this.#close(c);
        return;
      }
      this.#events(c, reply.events ?? []);
      if (req.type === 'ping') {
        const w = writeReplyHeader(new JuteWriter(), { xid: Xid.ping, zxid: reply.zxid, err: 0 });
        this.#write(c, w);
        c.busy = false;
        this.#ready.add(c);
        return;
      }
      const result = reply.result;
      // A failed multi is answered OK in the header, its results saying which op failed (FinalRequestProcessor).
      if (req.type === 'multi' && result.results !== undefined) done(reply.zxid, ErrCode.OK, multiResponse(req.ops, result.results));
      else if (!result.ok) done(reply.zxid, ERR[result.code]);
      else done(reply.zxid, ErrCode.OK, this.#response(req, result));
      if (req.type === 'closeSession') this.#close(c);
    });
  }

  #response(req: JuteRequest, result: Extract<OpResult, { ok: true }>): JuteResponse | undefined {
    const stat = (path: string): JuteStat => juteStat(result.stat as Stat, dataBytes(this.tree.get(path)?.data)?.length ?? 0);
    switch (req.type) {
      case 'create': return { type: 'create', path: result.path ?? req.path };
      case 'sync': return { type: 'sync', path: req.path };
      case 'exists': return { type: 'exists', stat: stat(req.path) };
      case 'setData': return { type: 'setData', stat: juteStat(result.stat as Stat, req.data?.length ?? 0) };
      case 'getData': {
        const data = dataBytes(result.data);
        return { type: 'getData', data, stat: juteStat(result.stat as Stat, data?.length ?? 0) };
      }
      case 'getChildren': return { type: 'getChildren', children: result.children ?? [] };
      case 'getChildren2': return { type: 'getChildren2', children: result.children ?? [], stat: stat(req.path) };
      default: return undefined;
    }
  }

  #write(c: Connection, w: JuteWriter): void {
    c.stream.write(w.frame().toString('latin1'));
  }

  /** Closes our side (FIN); the connection's session stays until it expires or the client resumes it elsewhere. */
  #close(c: Connection): void {
    if (c.phase === 'closed') return;
    c.phase = 'closed';
    c.queue.length = 0;
    this.#ready.delete(c);
    c.stream.end();
    this.#forget(c);
  }

  /** The connection is gone: so is the session's watch connection here (its watches live in our memory). */
  #forget(c: Connection): void {
    c.phase = 'closed';
    const w = c.sessionId === 0 ? undefined : this.watchManager.connection(c.sessionId);
    if (w === undefined || w.conn !== c.conn) return;
    const poll = this.watchManager.drop(c.sessionId);
    if (poll !== null) this.#ours.delete(poll);
  }
}

const servedFlags = (flags: number): boolean => (flags & ~(CreateFlag.ephemeral | CreateFlag.sequential)) === 0;

/** A multi's results on the wire; a setData's stat has its data length from the op's data. */
function multiResponse(ops: readonly JuteMultiOp[], results: readonly MultiResult[]): JuteResponse {
  return {
    type: 'multi',
    results: results.map((r, i): JuteMultiResult => {
      switch (r.op) {
        case 'create': return { type: 'create', path: r.path };
        case 'setData': return { type: 'setData', stat: juteStat(r.stat, (ops[i] as { data: Buffer | null }).data?.length ?? 0) };
        case 'delete': case 'check': return { type: r.op };
        case 'error': return { type: 'error', err: r.code === 'OK' ? ErrCode.OK : ERR[r.code] };
      }
    }),
  };
}

/** A jute request as the model's client op (the ones the front end does not answer itself). */
function modelOp(req: JuteRequest): ClientOp {
  switch (req.type) {
    case 'create': case 'delete': case 'setData': return multiOp(req) as ClientOp;
    case 'multi': return { op: 'multi', ops: req.ops.map(multiOp) };
    case 'exists': case 'getData': return { op: req.type, path: req.path, watch: req.watch };
    case 'getChildren': case 'getChildren2': return { op: 'getChildren', path: req.path, watch: req.watch };
    case 'sync': return { op: 'sync', path: req.path };
    case 'ping': return { op: 'ping' };
    case 'closeSession': return { op: 'closeSession' };
    default: throw new Error(`jute-server: ${req.type} is answered by the front end`);
  }
}

function multiOp(op: JuteMultiOp): MultiOp {
  switch (op.type) {
    case 'create':
      return {
        op: 'create', path: op.path, data: toData(op.data),
        ephemeral: (op.flags & CreateFlag.ephemeral) !== 0, sequential: (op.flags & CreateFlag.sequential) !== 0,
      };
    case 'delete': case 'check': return { op: op.type, path: op.path, version: op.version };
    case 'setData': return { op: 'setData', path: op.path, data: toData(op.data), version: op.version };
  }
}

/** A ZooKeeper ensemble member that serves jute clients on port 2181 (the model's own clients too). */
export function juteZkServer(config: ZkConfig, peers: readonly NodeId[], audit: ZkAudit, options: JuteServerOptions = {}): NodeFactory {
  return (id) => new JuteZkServer(id, peers, config, audit, options);
}
