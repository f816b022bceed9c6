/**
 * The client side of simulated TCP for a real process (see tcp-segment.ts): connections to server
 * nodes over calls (a client's, or a server node's messages: SegmentLink), retransmission with
 * exponential backoff, and the socket events the process's net shim turns into 'connect' / 'data' /
 * 'end' / 'error' / 'close'.
 */
import type { CallResult, ClientContext, NodeId } from '../sim/types.js';
import type { SocketEvent } from './runtime/bridge.js';
import { DATA_RETRIES, LISTEN_MS, RTO_MAX_MS, RTO_MIN_MS, SYN_RETRIES, fromBinary, isTcpSegment, segment, type TcpSegment } from './tcp-segment.js';

interface Connection {
  readonly id: number;
  readonly key: string;
  readonly server: NodeId;
  readonly port: number;
  state: 'syn-sent' | 'open' | 'closed';
  /** Our first unacknowledged byte, and the bytes from there on. */
  sndUna: number;
  unacked: string;
  /** Sequence number of our FIN once end() was called, else -1. */
  finSeq: number;
  rcvNxt: number;
  peerFin: boolean;
  /** Something not yet sent (new bytes, the SYN, the FIN). */
  dirty: boolean;
  rtoMs: number;
  retries: number;
  /** Calls in flight, and the number of the latest one that carried the payload. */
  outstanding: number;
  sends: number;
  payloadSend: number;
}

/** How a TCP client's segments reach servers. */
export interface SegmentLink {
  /** Sends a segment as a call: `answered` gets the reply, or a timeout after `timeoutMs`, inside a kernel event. */
  call(to: NodeId, body: TcpSegment, timeoutMs: number, answered: (result: CallResult) => void): void;
  /** Sends a segment that wants no answer (a reset). */
  send(to: NodeId, body: TcpSegment): void;
  /** A fresh random number from the node's stream. */
  nonce(): number;
}

/** A client workload's calls as a segment link. */
export function clientLink(ctx: ClientContext): SegmentLink {
  return {
    call: (to, body, timeoutMs, answered) => { void ctx.call(to, body, { timeoutMs }).then(answered); },
    send: (to, body) => ctx.send(to, body),
    nonce: () => ctx.rng.int(0, 0x7fffffff),
  };
}

export class TcpClient {
  readonly #link: SegmentLink;
  readonly #events: (e: SocketEvent) => void;
  readonly #drive: () => void;
  readonly #conns = new Map<number, Connection>();
  readonly #nonce: number;
  #next = 1;
  #closed = false;

  /**
   * `events` receives every socket event (the process host queues them); `drive` runs after each kernel
   * answer, so the process handles what arrived within that kernel event.
   */
  constructor(link: SegmentLink, events: (e: SocketEvent) => void, drive: () => void) {
    this.#link = link;
    this.#events = events;
    this.#drive = drive;
    // Like a random initial sequence number: a restarted process never reuses a connection name.
    this.#nonce = link.nonce();
  }

  connect(server: NodeId, port: number): number {
    const id = this.#next++;
    const c: Connection = {
      id, key: `${this.#nonce.toString(36)}.${id}`, server, port, state: 'syn-sent', sndUna: 0, unacked: '', finSeq: -1,
      rcvNxt: 0, peerFin: false, dirty: true, rtoMs: RTO_MIN_MS, retries: 0, outstanding: 0, sends: 0, payloadSend: 0,
    };
    this.#conns.set(id, c);
    return id;
  }

  /** A connection to an address no node has: refused, as a host without the port would answer. */
  refuse(id: number, message: string): void {
    const c = this.#conns.get(id);
    if (c !== undefined) this.#fail(c, 'ECONNREFUSED', message);
  }

  write(id: number, data: string): void {
    const c = this.#conns.get(id);
    if (c === undefined || c.state === 'closed' || c.finSeq >= 0) return;
    c.unacked += data;
    c.dirty = true;
  }

  end(id: number): void {
    const c = this.#conns.get(id);
    if (c === undefined || c.state === 'closed' || c.finSeq >= 0) return;
    c.finSeq = c.sndUna + c.unacked.length;
    c.dirty = true;
  }

  /** Drops the connection and tells the server (one RST, not retransmitted). */
  destroy(id: number): void {
    const c = this.#conns.get(id);
    if (c === undefined) return;
    this.#conns.delete(id);
    if (c.state !== 'closed') this.#link.send(c.server, segment({ conn: c.key, port: c.port, syn: false, fin: false, rst: true, seq: c.sndUna, ack: c.rcvNxt, data: '' }));
    c.state = 'closed';
  }

  /** Sends what each connection has new (the bytes a dispatch wrote go out as one segment). */
  flush(): void {
    for (const c of this.#conns.values()) if (c.dirty && c.state !== 'closed') this.#send(c, true);
  }

  /** The process is gone: late replies change nothing. */
  close(): void {
    this.#closed = true;
    this.#conns.clear();
  }

  #send(c: Connection, payload: boolean): void {
    c.dirty = false;
    const n = ++c.sends;
    if (payload) c.payloadSend = n;
    c.outstanding++;
    const fin = c.finSeq >= 0 && c.finSeq >= c.sndUna;
    const body = segment({ conn: c.key, port: c.port, syn: c.state === 'syn-sent', fin, rst: false, seq: c.sndUna, ack: c.rcvNxt, data: c.unacked });
    const timeoutMs = this.#hasPayload(c) ? c.rtoMs : LISTEN_MS;
    this.#link.call(c.server, body, timeoutMs, (r) => {
      this.#answered(c, n, r);
      if (!this.#closed) this.#drive();
    });
  }

  #hasPayload(c: Connection): boolean {
    return c.state === 'syn-sent' || c.unacked.length > 0 || (c.finSeq >= 0 && c.finSeq >= c.sndUna);
  }

  #answered(c: Connection, n: number, result: CallResult): void {
    c.outstanding--;
    if (this.#closed || c.state === 'closed' || this.#conns.get(c.id) !== c) return;
    if (result.status === 'timeout') {
      if (n === c.payloadSend && this.#hasPayload(c)) {
        // Retransmission timeout: everything unacknowledged goes again, and the timeout doubles.
        c.retries++;
        if (c.retries > (c.state === 'syn-sent' ? SYN_RETRIES : DATA_RETRIES)) {
          this.#fail(c, 'ETIMEDOUT', `connect ETIMEDOUT ${c.server}:${c.port}`);
          return;
        }
        c.rtoMs = Math.min(c.rtoMs * 2, RTO_MAX_MS);
        this.#send(c, true);
      } else if (c.outstanding === 0) {
        this.#send(c, false);
      }
      return;
    }
    if (!isTcpSegment(result.body)) return;
    this.#receive(c, result.body);
  }

  #receive(c: Connection, s: TcpSegment): void {
    if (s.rst) {
      const refused = c.state === 'syn-sent';
      this.#fail(c, refused ? 'ECONNREFUSED' : 'ECONNRESET', refused ? `connect ECONNREFUSED ${c.server}:${c.port}` : 'read ECONNRESET');
      return;
    }
    if (c.state === 'syn-sent') {
      if (!s.syn) return;
      c.state = 'open';
      this.#events({ conn: c.id, kind: 'connect' });
    }
    // What the server acknowledged leaves our buffer; progress resets the backoff.
    const acked = Math.min(s.ack, c.sndUna + c.unacked.length) - c.sndUna;
    if (acked > 0) {
      c.unacked = c.unacked.slice(acked);
      c.sndUna += acked;
      c.rtoMs = RTO_MIN_MS;
      c.retries = 0;
    }
    const finAcked = c.finSeq >= 0 && s.ack > c.finSeq;
    if (finAcked) c.sndUna = Math.max(c.sndUna, c.finSeq + 1);
    // New bytes: whatever lies past what we already have (the server resends from its first unacknowledged byte).
    const fresh = s.seq + s.data.length - c.rcvNxt;
    if (fresh > 0 && s.seq <= c.rcvNxt) {
      const data = s.data.slice(s.data.length - fresh);
      c.rcvNxt += fresh;
      this.#events({ conn: c.id, kind: 'data', data: fromBinary(data) });
    }
    if (s.fin && !c.peerFin && s.seq + s.data.length === c.rcvNxt) {
      c.peerFin = true;
      c.rcvNxt++;
      c.dirty = true; // acknowledge the FIN
      this.#events({ conn: c.id, kind: 'end' });
    }
    if (c.peerFin && finAcked) {
      this.#conns.delete(c.id);
      c.state = 'closed';
      this.#events({ conn: c.id, kind: 'close' });
      return;
    }
    if (c.outstanding === 0 || c.dirty) this.#send(c, this.#hasPayload(c) && c.dirty);
  }

  #fail(c: Connection, code: string, message: string): void {
    this.#conns.delete(c.id);
    c.state = 'closed';
    this.#events({ conn: c.id, kind: 'error', code, message });
  }
}
