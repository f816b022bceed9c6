/**
 * Simulated TCP over the kernel's messages. A segment carries a connection's bytes as a latin1 string
 * (one char per byte, so the trace hash sees them), cumulative sequence and acknowledgement numbers
 * (the FIN takes one sequence number, as in TCP) and the SYN / FIN / RST flags.
 *
 * The kernel hands a client only the replies to its own calls, so the client side sends every segment
 * as a call, and the server answers each segment it receives with its own pending bytes (or keeps the
 * last bare one as the credit for data it has yet to produce: see tcp-server.ts). Lost segments (a
 * partition or a crash breaks the kernel's FIFO link) are retransmitted: the client on a doubling
 * timeout, the server on every segment the client sends (the client polls at least every LISTEN_MS).
 */
export interface TcpSegment {
  readonly type: 'tcp';
  /** Chosen by the client (a per-process random number and a counter), unique per connection. */
  readonly conn: string;
  readonly port: number;
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  /** Sequence number of the first byte of `data` (the sender's first unacknowledged byte). */
  readonly seq: number;
  /** The next sequence number the sender expects from its peer. */
  readonly ack: number;
  readonly data: string;
}

export function isTcpSegment(body: unknown): body is TcpSegment {
  return (body as { type?: unknown } | null)?.type === 'tcp';
}

export function segment(fields: Omit<TcpSegment, 'type'>): TcpSegment {
  return { type: 'tcp', conn: fields.conn, port: fields.port, syn: fields.syn, fin: fields.fin, rst: fields.rst, seq: fields.seq, ack: fields.ack, data: fields.data };
}

/** Linux's minimum and maximum retransmission timeouts (TCP_RTO_MIN, TCP_RTO_MAX), ms. */
export const RTO_MIN_MS = 200;
export const RTO_MAX_MS = 120_000;
/** Retransmissions before a connection gives up: tcp_syn_retries and tcp_retries2. */
export const SYN_RETRIES = 6;
export const DATA_RETRIES = 15;
/** How often an idle client connection offers the server a fresh segment to answer (its credit). */
export const LISTEN_MS = 1000;

export const toBinary = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
export const fromBinary = (s: string): Buffer => Buffer.from(s, 'latin1');
