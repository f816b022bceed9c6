/**
 * A Redis node that speaks RESP over simulated TCP (port 6379), so unmodified client libraries (ioredis,
 * and redlock over it) talk to the Redis model: RedisServer with a wire front end. Per connection it
 * keeps the protocol (RESP2, or RESP3 after HELLO 3) and the client name; the script cache belongs to
 * the node and is lost with it on a restart (EVALSHA then answers NOSCRIPT, as Redis does).
 */
import type { Envelope, NodeContext, NodeFactory, NodeId } from '../../harness/index.js';
import { TcpServer, isTcpSegment, type ServerStream, type StreamHandler, type TcpSegment } from '../../harness/real/index.js';
import { RespParser, RespProtocolError, encode, errorReply } from './resp.js';
import { respCommand, type RespSession } from './resp-commands.js';
import { RedisServer, type RedisConfig } from './server.js';

export const REDIS_PORT = 6379;

export class RespRedisServer extends RedisServer {
  /** SHA1 -> script text, for EVALSHA and SCRIPT EXISTS. */
  readonly scripts = new Map<string, string>();
  readonly #tcp: TcpServer;
  #nextClientId = 1;
  #ctx: NodeContext | null = null;
  #segment: Envelope | null = null;

  constructor(id: NodeId, config: RedisConfig) {
    super(id, config);
    this.#tcp = new TcpServer({ [REDIS_PORT]: (stream) => this.#connection(stream) });
  }

  override onMessage(ctx: NodeContext, msg: Envelope): void {
    if (!isTcpSegment(msg.body)) {
      super.onMessage(ctx, msg);
      return;
    }
    this.#ctx = ctx;
    this.#segment = msg;
    try {
      this.#tcp.onSegment(ctx, msg as Envelope<TcpSegment>);
    } finally {
      this.#ctx = null;
      this.#segment = null;
    }
  }

  #connection(stream: ServerStream): StreamHandler {
    const parser = new RespParser();
    const session: RespSession = { id: this.#nextClientId++, client: stream.client, protocol: 2, name: null, closing: false };
    return {
      onData: (data) => {
        if (session.closing) return;
        parser.push(data);
        for (;;) {
          let args: string[] | null;
          try {
            args = parser.next();
          } catch (error) {
            stream.write(encode(errorReply(`ERR Protocol error: ${(error as RespProtocolError).message}`), session.protocol));
            session.closing = true;
            stream.end();
            return;
          }
          if (args === null) return;
          const reply = respCommand(this, this.#ctx as NodeContext, this.#segment as Envelope, session, args);
          stream.write(encode(reply, session.protocol));
          if (session.closing) {
            stream.end();
            return;
          }
        }
      },
      // The client closed its side: Redis closes the connection.
      onEnd: () => stream.end(),
    };
  }
}

export function respRedisNode(config: RedisConfig): NodeFactory {
  return (id) => new RespRedisServer(id, config);
}
