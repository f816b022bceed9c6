/**
 * ZooKeeper's client wire format (jute, zookeeper.jute): big-endian ints and longs, a buffer or string as
 * an int length then its bytes (-1 for null), a boolean as one byte, a vector as an int count then its
 * items. Every packet is a frame: an int length, then the bytes. The records here are the ones a client
 * session uses (ConnectRequest/Response, RequestHeader, ReplyHeader, the requests and responses of
 * create, delete, exists, getData, setData, getChildren(2), sync, multi, SetWatches, WatcherEvent, Stat, ACL).
 */

/** A frame longer than this is refused (ZooKeeper's jute.maxbuffer default, 0xfffff). */
export const MAX_FRAME = 0xfffff;

/** The wire is malformed: the server closes the connection, as ZooKeeper does. */
export class JuteError extends Error {}

export class JuteWriter {
  #buf = Buffer.alloc(256);
  #len = 0;

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  int(v: number): this {
    this.#room(4);
    this.#buf.writeInt32BE(v, this.#len);
    this.#len += 4;
    return this;
  }

  /** A 64-bit long from a JS number (zxids and session ids stay below 2^53 here). */
  long(v: number): this {
    this.#room(8);
    this.#buf.writeBigInt64BE(BigInt(v), this.#len);
    this.#len += 8;
    return this;
  }

  bool(v: boolean): this {
    this.#room(1);
    this.#buf[this.#len++] = v ? 1 : 0;
    return this;
  }

  buffer(v: Uint8Array | null): this {
    if (v === null) return this.int(-1);
    this.int(v.length);
    this.#room(v.length);
    this.#buf.set(v, this.#len);
    this.#len += v.length;
    return this;
  }

  ustring(v: string | null): this {
    return this.buffer(v === null ? null : Buffer.from(v, 'utf8'));
  }

  vector<T>(items: readonly T[] | null, item: (w: this, v: T) => void): this {
    if (items === null) return this.int(-1);
    this.int(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }

  /** The bytes so far as one frame (length prefix). */
  frame(): Buffer {
    const out = Buffer.alloc(this.#len + 4);
    out.writeInt32BE(this.#len, 0);
    this.#buf.copy(out, 4, 0, this.#len);
    return out;
  }
}

export class JuteReader {
  #off = 0;
  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.#off;
  }

  #need(n: number, what: string): void {
    if (n < 0 || this.#off + n > this.buf.length) throw new JuteError(`jute: ${what} runs past the end of the packet (${n} bytes at offset ${this.#off} of ${this.buf.length})`);
  }

  int(): number {
    this.#need(4, 'int');
    const v = this.buf.readInt32BE(this.#off);
    this.#off += 4;
    return v;
  }

  long(): number {
    this.#need(8, 'long');
    const v = this.buf.readBigInt64BE(this.#off);
    this.#off += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new JuteError(`jute: long ${v} is outside the range this server keeps zxids and session ids in`);
    return Number(v);
  }

  bool(): boolean {
    this.#need(1, 'boolean');
    return this.buf[this.#off++] !== 0;
  }

  buffer(): Buffer | null {
    const n = this.int();
    if (n === -1) return null;
    this.#need(n, 'buffer');
    const v = this.buf.subarray(this.#off, this.#off + n);
    this.#off += n;
    return v;
  }

  ustring(): string | null {
    return this.buffer()?.toString('utf8') ?? null;
  }

  vector<T>(item: (r: this) => T): T[] | null {
    const n = this.int();
    if (n === -1) return null;
    if (n < 0 || n > this.remaining) throw new JuteError(`jute: vector of ${n} items in a packet of ${this.remaining} bytes left`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  /** A path field: a request without one is malformed. */
  path(): string {
    const p = this.ustring();
    if (p === null) throw new JuteError('jute: null path');
    return p;
  }
}

/** Splits a byte stream into frames. */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
  }

  /** The next whole frame's body, or null until more bytes come; a bad length throws JuteError. */
  next(): Buffer | null {
    if (this.#pending.length < 4) return null;
    const len = this.#pending.readInt32BE(0);
    if (len < 0 || len > MAX_FRAME) throw new JuteError(`jute: frame length ${len} (at most ${MAX_FRAME})`);
    if (this.#pending.length < len + 4) return null;
    const body = this.#pending.subarray(4, len + 4);
    this.#pending = this.#pending.subarray(len + 4);
    return body;
  }
}

// ---- Constants (ZooDefs.OpCode, ClientCnxn's special xids, KeeperException.Code, Watcher.Event) ----

export const OpCode = {
  notification: 0, create: 1, delete: 2, exists: 3, getData: 4, setData: 5, getACL: 6, setACL: 7,
  getChildren: 8, sync: 9, ping: 11, getChildren2: 12, check: 13, multi: 14, auth: 100, setWatches: 101,
  createSession: -10, closeSession: -11, error: -1,
} as const;

export const Xid = { notification: -1, ping: -2, auth: -4, setWatches: -8 } as const;

export const ErrCode = {
  OK: 0, SYSTEMERROR: -1, RUNTIMEINCONSISTENCY: -2, CONNECTIONLOSS: -4, MARSHALLINGERROR: -5, UNIMPLEMENTED: -6, BADARGUMENTS: -8,
  NONODE: -101, NOAUTH: -102, BADVERSION: -103, NOCHILDRENFOREPHEMERALS: -108, NODEEXISTS: -110,
  NOTEMPTY: -111, SESSIONEXPIRED: -112,
} as const;

export const EventType = { None: -1, NodeCreated: 1, NodeDeleted: 2, NodeDataChanged: 3, NodeChildrenChanged: 4 } as const;
export const KeeperState = { Disconnected: 0, SyncConnected: 3, Expired: -112 } as const;

/** CreateMode flags: bit 0 ephemeral, bit 1 sequential (container and TTL modes are not served). */
export const CreateFlag = { ephemeral: 1, sequential: 2 } as const;

// ---- Records ----

export interface ConnectRequest {
  protocolVersion: number;
  lastZxidSeen: number;
  timeOut: number;
  sessionId: number;
  passwd: Buffer;
  /** Absent from old clients (node-zookeeper-client does not send it). */
  readOnly: boolean;
}

export function readConnectRequest(r: JuteReader): ConnectRequest {
  const protocolVersion = r.int();
  const lastZxidSeen = r.long();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = r.buffer() ?? Buffer.alloc(0);
  const readOnly = r.remaining > 0 ? r.bool() : false;
  return { protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly };
}

export function writeConnectRequest(w: JuteWriter, c: ConnectRequest): JuteWriter {
  return w.int(c.protocolVersion).long(c.lastZxidSeen).int(c.timeOut).long(c.sessionId).buffer(c.passwd).bool(c.readOnly);
}

export interface ConnectResponse {
  protocolVersion: number;
  /** The negotiated session timeout; 0 says the session is expired (or the password is wrong). */
  timeOut: number;
  sessionId: number;
  passwd: Buffer;
}

export function writeConnectResponse(w: JuteWriter, c: ConnectResponse): JuteWriter {
  // The readOnly flag newer servers append: clients that do not know it ignore the extra byte.
  return w.int(c.protocolVersion).int(c.timeOut).long(c.sessionId).buffer(c.passwd).bool(false);
}

export function readConnectResponse(r: JuteReader): ConnectResponse {
  return { protocolVersion: r.int(), timeOut: r.int(), sessionId: r.long(), passwd: r.buffer() ?? Buffer.alloc(0) };
}

export interface RequestHeader { xid: number; type: number }
export const readRequestHeader = (r: JuteReader): RequestHeader => ({ xid: r.int(), type: r.int() });
export const writeRequestHeader = (w: JuteWriter, h: RequestHeader): JuteWriter => w.int(h.xid).int(h.type);

export interface ReplyHeader { xid: number; zxid: number; err: number }
export const writeReplyHeader = (w: JuteWriter, h: ReplyHeader): JuteWriter => w.int(h.xid).long(h.zxid).int(h.err);
export const readReplyHeader = (r: JuteReader): ReplyHeader => ({ xid: r.int(), zxid: r.long(), err: r.int() });

/** data.Stat, in its wire order. */
export interface JuteStat {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: number;
  dataLength: number;
  numChildren: number;
  pzxid: number;
}

export function writeStat(w: JuteWriter, s: JuteStat): JuteWriter {
  return w.long(s.czxid).long(s.mzxid).long(s.ctime).long(s.mtime).int(s.version).int(s.cversion).int(s.aversion)
    .long(s.ephemeralOwner).int(s.dataLength).int(s.numChildren).long(s.pzxid);
}

export function readStat(r: JuteReader): JuteStat {
  return {
    czxid: r.long(), mzxid: r.long(), ctime: r.long(), mtime: r.long(), version: r.int(), cversion: r.int(), aversion: r.int(),
    ephemeralOwner: r.long(), dataLength: r.int(), numChildren: r.int(), pzxid: r.long(),
  };
}

export interface Acl { perms: number; scheme: string; id: string }
const readAcl = (r: JuteReader): Acl => ({ perms: r.int(), scheme: r.ustring() ?? '', id: r.ustring() ?? '' });
const writeAcl = (w: JuteWriter, a: Acl): void => void w.int(a.perms).ustring(a.scheme).ustring(a.id);

type CreateRequest = { type: 'create'; path: string; data: Buffer | null; acl: Acl[]; flags: number };
type DeleteRequest = { type: 'delete'; path: string; version: number };
type SetDataRequest = { type: 'setData'; path: string; data: Buffer | null; version: number };
/** An op of a multi: its MultiHeader's type, then the single op's request record (CheckVersionRequest for check). */
export type JuteMultiOp = CreateRequest | DeleteRequest | SetDataRequest | { type: 'check'; path: string; version: number };

/** A request body after its header, by op code. */
export type JuteRequest =
  | CreateRequest
  | DeleteRequest
  | { type: 'exists' | 'getData' | 'getChildren' | 'getChildren2'; path: string; watch: boolean }
  | SetDataRequest
  | { type: 'sync'; path: string }
  | { type: 'multi'; ops: JuteMultiOp[] }
  | { type: 'setWatches'; relativeZxid: number; data: string[]; exist: string[]; child: string[] }
  | { type: 'ping' }
  | { type: 'closeSession' }
  /** An op code this server does not serve (ACLs, auth, ...), or a multi with such an op: answered UNIMPLEMENTED. */
  | { type: 'unsupported'; opCode: number };

const strings = (r: JuteReader): string[] => r.vector((x) => x.path()) ?? [];

/** MultiHeader: an op's (or result's) type, `done` on the header that ends the list, and a result's error. */
interface MultiHeader { type: number; done: boolean; err: number }
const readMultiHeader = (r: JuteReader): MultiHeader => ({ type: r.int(), done: r.bool(), err: r.int() });
const writeMultiHeader = (w: JuteWriter, h: MultiHeader): JuteWriter => w.int(h.type).bool(h.done).int(h.err);
/** The header after the last op or result. */
const MULTI_END: MultiHeader = { type: -1, done: true, err: -1 };

/** MultiOperationRecord: ops until the `done` header. An op type we do not serve (create2, TTL, ...) ends the read. */
function readMulti(r: JuteReader): JuteRequest {
  const ops: JuteMultiOp[] = [];
  for (let h = readMultiHeader(r); !h.done; h = readMultiHeader(r)) {
    switch (h.type) {
      case OpCode.create: case OpCode.delete: case OpCode.setData: ops.push(readRequest(h.type, r) as JuteMultiOp); break;
      case OpCode.check: ops.push({ type: 'check', path: r.path(), version: r.int() }); break;
      default: return { type: 'unsupported', opCode: OpCode.multi };
    }
  }
  return { type: 'multi', ops };
}

export function readRequest(opCode: number, r: JuteReader): JuteRequest {
  switch (opCode) {
    case OpCode.create: return { type: 'create', path: r.path(), data: r.buffer(), acl: r.vector(readAcl) ?? [], flags: r.int() };
    case OpCode.delete: return { type: 'delete', path: r.path(), version: r.int() };
    case OpCode.exists: return { type: 'exists', path: r.path(), watch: r.bool() };
    case OpCode.getData: return { type: 'getData', path: r.path(), watch: r.bool() };
    case OpCode.getChildren: return { type: 'getChildren', path: r.path(), watch: r.bool() };
    case OpCode.getChildren2: return { type: 'getChildren2', path: r.path(), watch: r.bool() };
    case OpCode.setData: return { type: 'setData', path: r.path(), data: r.buffer(), version: r.int() };
    case OpCode.sync: return { type: 'sync', path: r.path() };
    case OpCode.multi: return readMulti(r);
    case OpCode.setWatches: return { type: 'setWatches', relativeZxid: r.long(), data: strings(r), exist: strings(r), child: strings(r) };
    case OpCode.ping: return { type: 'ping' };
    case OpCode.closeSession: return { type: 'closeSession' };
    default: return { type: 'unsupported', opCode };
  }
}

/** The op code of a request (the inverse of readRequest), for writing one. */
const OP_OF: Record<Exclude<JuteRequest['type'], 'unsupported'>, number> = {
  create: OpCode.create, delete: OpCode.delete, exists: OpCode.exists, getData: OpCode.getData, getChildren: OpCode.getChildren,
  getChildren2: OpCode.getChildren2, setData: OpCode.setData, sync: OpCode.sync, multi: OpCode.multi, setWatches: OpCode.setWatches,
  ping: OpCode.ping, closeSession: OpCode.closeSession,
};

export function opCodeOf(req: JuteRequest): number {
  return req.type === 'unsupported' ? req.opCode : OP_OF[req.type];
}

export function writeRequest(w: JuteWriter, req: JuteRequest): JuteWriter {
  switch (req.type) {
    case 'create': return w.ustring(req.path).buffer(req.data).vector(req.acl, writeAcl).int(req.flags);
    case 'delete': return w.ustring(req.path).int(req.version);
    case 'exists': case 'getData': case 'getChildren': case 'getChildren2': return w.ustring(req.path).bool(req.watch);
    case 'setData': return w.ustring(req.path).buffer(req.data).int(req.version);
    case 'sync': return w.ustring(req.path);
    case 'multi': {
      for (const op of req.ops) {
        writeMultiHeader(w, { type: OpCode[op.type], done: false, err: -1 });
        if (op.type === 'check') w.ustring(op.path).int(op.version);
        else writeRequest(w, op);
      }
      return writeMultiHeader(w, MULTI_END);
    }
    case 'setWatches': {
      const str = (x: JuteWriter, s: string) => void x.ustring(s);
      return w.long(req.relativeZxid).vector(req.data, str).vector(req.exist, str).vector(req.child, str);
    }
    default: return w;
  }
}

/** One op's result in a MultiResponse: as the single op's response, or an ErrorResponse. */
export type JuteMultiResult =
  | { type: 'create'; path: string }
  | { type: 'setData'; stat: JuteStat }
  | { type: 'delete' | 'check' }
  | { type: 'error'; err: number };

/** A successful response body, by request kind. */
export type JuteResponse =
  | { type: 'create' | 'sync'; path: string }
  | { type: 'exists' | 'setData'; stat: JuteStat }
  | { type: 'getData'; data: Buffer | null; stat: JuteStat }
  | { type: 'getChildren'; children: string[] }
  | { type: 'getChildren2'; children: string[]; stat: JuteStat }
  /** Also a failed multi's: the reply header says OK, the results say which op failed. */
  | { type: 'multi'; results: JuteMultiResult[] }
  | { type: 'empty' };

export function writeResponse(w: JuteWriter, res: JuteResponse): JuteWriter {
  const str = (x: JuteWriter, s: string) => void x.ustring(s);
  switch (res.type) {
    case 'create': case 'sync': return w.ustring(res.path);
    case 'exists': case 'setData': return writeStat(w, res.stat);
    case 'getData': return writeStat(w.buffer(res.data), res.stat);
    case 'getChildren': return w.vector(res.children, str);
    case 'getChildren2': return writeStat(w.vector(res.children, str), res.stat);
    case 'multi': {
      for (const r of res.results) {
        writeMultiHeader(w, { type: OpCode[r.type], done: false, err: r.type === 'error' ? r.err : 0 });
        if (r.type === 'create') w.ustring(r.path);
        else if (r.type === 'setData') writeStat(w, r.stat);
        else if (r.type === 'error') w.int(r.err);
      }
      return writeMultiHeader(w, MULTI_END);
    }
    case 'empty': return w;
  }
}

export interface WatcherEvent { type: number; state: number; path: string }
export const writeWatcherEvent = (w: JuteWriter, e: WatcherEvent): JuteWriter => w.int(e.type).int(e.state).ustring(e.path);
export const readWatcherEvent = (r: JuteReader): WatcherEvent => ({ type: r.int(), state: r.int(), path: r.path() });
