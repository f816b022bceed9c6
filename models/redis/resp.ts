/**
 * RESP, Redis's wire protocol, over a byte stream held as a latin1 string (one char per byte): an
 * incremental parser of client commands (arrays of bulk strings, and inline commands) and an encoder
 * of replies in RESP2 or RESP3 (HELLO 3 switches a connection; maps, nulls and booleans differ).
 */

export type RespReply =
  | { kind: 'status'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'int'; value: number }
  | { kind: 'bulk'; value: string | null }
  | { kind: 'array'; items: RespReply[] }
  | { kind: 'map'; entries: [RespReply, RespReply][] };

export const status = (text: string): RespReply => ({ kind: 'status', text });
export const errorReply = (text: string): RespReply => ({ kind: 'error', text });
export const int = (value: number): RespReply => ({ kind: 'int', value });
export const bulk = (value: string | null): RespReply => ({ kind: 'bulk', value });
export const OK = status('OK');

/** The protocol refused the input (Redis answers "-ERR Protocol error: ..." and closes the connection). */
export class RespProtocolError extends Error {}

/** Takes bytes as they arrive; `next()` yields each complete command's arguments. */
export class RespParser {
  #buf = '';

  push(data: string): void {
    this.#buf += data;
  }

  /** The next complete command, or null if more bytes are needed. Throws RespProtocolError on garbage. */
  next(): string[] | null {
    const b = this.#buf;
    if (b.length === 0) return null;
    if (b[0] !== '*') {
      // Inline command: space-separated words up to CRLF (what `telnet` or `redis-cli` in a pipe send).
      const end = b.indexOf('\r\n');
      if (end < 0) return null;
      this.#buf = b.slice(end + 2);
      const words = b.slice(0, end).split(' ').filter((w) => w !== '');
      return words.length === 0 ? this.next() : words;
    }
    let pos = 0;
    const line = (): string | null => {
      const end = b.indexOf('\r\n', pos);
      if (end < 0) return null;
      const text = b.slice(pos, end);
      pos = end + 2;
      return text;
    };
    const header = line();
    if (header === null) return null;
    const count = Number.parseInt(header.slice(1), 10);
    if (!Number.isInteger(count) || count > 1024 * 1024) throw new RespProtocolError('invalid multibulk length');
    const args: string[] = [];
    for (let i = 0; i < count; i++) {
      const len = line();
      if (len === null) return null;
      if (len[0] !== '$') throw new RespProtocolError(`expected '$', got '${len[0] ?? ''}'`);
      const n = Number.parseInt(len.slice(1), 10);
      if (!Number.isInteger(n) || n < 0 || n > 512 * 1024 * 1024) throw new RespProtocolError('invalid bulk length');
      if (b.length < pos + n + 2) return null;
      args.push(b.slice(pos, pos + n));
      pos += n + 2;
    }
    this.#buf = b.slice(pos);
    return args;
  }
}

/** Encodes a reply for a connection speaking RESP `protocol` (2 or 3). */
export function encode(r: RespReply, protocol: 2 | 3): string {
  switch (r.kind) {
    case 'status':
      return `+${r.text}\r\n`;
    case 'error':
      return `-${r.text}\r\n`;
    case 'int':
      return `:${r.value}\r\n`;
    case 'bulk':
      if (r.value === null) return protocol === 3 ? '_\r\n' : '$-1\r\n';
      return `$${r.value.length}\r\n${r.value}\r\n`;
    case 'array':
      return `*${r.items.length}\r\n${r.items.map((i) => encode(i, protocol)).join('')}`;
    case 'map':
      if (protocol === 3) return `%${r.entries.length}\r\n${r.entries.map(([k, v]) => encode(k, 3) + encode(v, 3)).join('')}`;
      return `*${r.entries.length * 2}\r\n${r.entries.map(([k, v]) => encode(k, 2) + encode(v, 2)).join('')}`;
  }
}
