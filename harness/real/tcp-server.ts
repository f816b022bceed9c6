/**
 * The server side of simulated TCP (see tcp-segment.ts), for model nodes that speak a real wire protocol
 * (RESP, ZooKeeper's jute): a listener per port, connection state that dies with the node (a restarted
 * node answers an unknown connection with RST), and byte streams in both directions.
 */
import type { Envelope, NodeContext, NodeId } from '../sim/types.js';
import { segment, type TcpSegment } from './tcp-segment.js';

/** What a protocol front end does with one connection's bytes. */
export interface StreamHandler {
  /** Bytes in order, as a latin1 string. */
  onData(data: string): void;
  /** The client closed its side (FIN). */
  onEnd(): void;
  /** The connection is gone (RST, or both sides closed). */
  onClose?(): void;
}

/** The server's end of one connection. */
export interface ServerStream {
  readonly client: NodeId;
  write(data: string): void;
  /** Closes our side after the bytes written so far (FIN). */
  end(): void;
}

interface Conn {
  readonly key: string;
  readonly stream: ServerStream;
  handler: StreamHandler;
  rcvNxt: number;
  sndUna: number;
  unacked: string;
  finSeq: number;
  peerFin: boolean;
  /** The last bare segment, answered when bytes turn up (the client re-offers one every LISTEN_MS). */
  credit: Envelope<TcpSegment> | null;
  /** While a segment is handled its answer carries whatever the handler writes. */
  handling: boolean;
  news: boolean;
  ctx: NodeContext;
}

export class TcpServer {
  readonly #listeners: Map<number, (stream: ServerStream) => StreamHandler>;
  readonly #conns = new Map<string, Conn>();

  constructor(listeners: Record<number, (stream: ServerStream) => StreamHandler> = {}) {
    this.#listeners = new Map(Object.entries(listeners).map(([port, f]) => [Number(port), f]));
  }

  /** Accepts new connections on `port` from now on. */
  listen(port: number, listener: (stream: ServerStream) => StreamHandler): void {
    this.#listeners.set(port, listener);
  }

  /** Stops accepting on `port` (a SYN is then reset); connections already open go on, as with close(2) of a listening socket. */
  unlisten(port: number): void {
    this.#listeners.delete(port);
  }

  get connections(): number {
    return this.#conns.size;
  }

  onSegment(ctx: NodeContext, msg: Envelope<TcpSegment>): void {
    const s = msg.body;
    const key = `${msg.from}/${s.conn}`;
    let c = this.#conns.get(key);
    if (s.rst) {
      if (c !== undefined) this.#drop(c);
      return;
    }
    if (c === undefined) {
      const listener = this.#listeners.get(s.port);
      if (!s.syn || listener === undefined) {
        // No such connection here (this node restarted, or never had it), or nothing listens: reset.
        ctx.reply(msg, segment({ conn: s.conn, port: s.port, syn: false, fin: false, rst: true, seq: 0, ack: s.seq + s.data.length, data: '' }));
        return;
      }
      c = this.#open(ctx, key, msg.from, listener);
    }
    c.ctx = ctx;
    c.handling = true;
    try {
      this.#take(c, s);
    } finally {
      c.handling = false;
    }
    if (!this.#conns.has(key)) return;
    const ourFinPending = c.finSeq >= 0 && c.sndUna <= c.finSeq;
    if (c.news || c.unacked.length > 0 || ourFinPending) {
      this.#answer(c, msg, s.syn);
    } else if (c.peerFin && c.finSeq >= 0) {
      this.#drop(c);
    } else {
      c.credit = msg;
    }
  }

  /** Takes the segment's acknowledgement, bytes and FIN; sets `news` when there is something to acknowledge. */
  #take(c: Conn, s: TcpSegment): void {
    const acked = Math.min(s.ack, c.sndUna + c.unacked.length) - c.sndUna;
    if (acked > 0) {
      c.unacked = c.unacked.slice(acked);
      c.sndUna += acked;
    }
    if (c.finSeq >= 0 && s.ack > c.finSeq) c.sndUna = Math.max(c.sndUna, c.finSeq + 1);
    c.news = s.syn;
    const fresh = s.seq + s.data.length - c.rcvNxt;
    if (fresh > 0 && s.seq <= c.rcvNxt) {
      c.rcvNxt += fresh;
      c.news = true;
      c.handler.onData(s.data.slice(s.data.length - fresh));
    }
    if (s.fin && !c.peerFin && s.seq + s.data.length === c.rcvNxt) {
      c.peerFin = true;
      c.rcvNxt++;
      c.news = true;
      c.handler.onEnd();
    }
  }

  #open(ctx: NodeContext, key: string, client: NodeId, listener: (stream: ServerStream) => StreamHandler): Conn {
    const stream: ServerStream = {
      client,
      write: (data) => {
        const c = this.#conns.get(key);
        if (c === undefined || c.finSeq >= 0 || data.length === 0) return;
        c.unacked += data;
        this.#push(c);
      },
      end: () => {
        const c = this.#conns.get(key);
        if (c === undefined || c.finSeq >= 0) return;
        c.finSeq = c.sndUna + c.unacked.length;
        this.#push(c);
      },
    };
    const c: Conn = { key, stream, handler: { onData: () => {}, onEnd: () => {} }, rcvNxt: 0, sndUna: 0, unacked: '', finSeq: -1, peerFin: false, credit: null, handling: false, news: false, ctx };
    this.#conns.set(key, c);
    c.handler = listener(stream);
    return c;
  }

  /** Bytes (or our FIN) to send outside a segment's handling: they go on the held credit, if any. */
  #push(c: Conn): void {
    const credit = c.credit;
    if (credit === null || c.handling) return;
    c.credit = null;
    this.#answer(c, credit, false);
  }

  #answer(c: Conn, to: Envelope<TcpSegment>, synAck: boolean): void {
    if (to === c.credit) c.credit = null;
    const fin = c.finSeq >= 0 && c.sndUna <= c.finSeq;
    c.ctx.reply(to, segment({ conn: to.body.conn, port: to.body.port, syn: synAck, fin, rst: false, seq: c.sndUna, ack: c.rcvNxt, data: c.unacked }));
  }

  #drop(c: Conn): void {
    this.#conns.delete(c.key);
    c.handler.onClose?.();
  }
}
