/**
 * The protected resource (models/redlock/resource.ts: an ordered write log that, with fencing, rejects a
 * token lower than the highest it has seen) behind a line protocol over simulated TCP, so a real process
 * can write to it: `WRITE <session> <token|-> <value>\n` is answered `OK <seq>\n` or `REJECTED\n`; any
 * other line gets `ERR <why>\n` and the connection closes.
 */
import type { Envelope, NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../harness/index.js';
import { TcpServer, isTcpSegment, type ServerStream, type StreamHandler, type TcpSegment } from '../../harness/real/index.js';
import { resourceNode, type ResourceConfig, type ResourceWriteReply, type ResourceWriteRequest } from '../../models/redlock/resource.js';

export const RESOURCE_PORT = 7000;

class ResourceServer implements NodeBehavior {
  readonly #resource: NodeBehavior;
  readonly #tcp = new TcpServer({ [RESOURCE_PORT]: (stream) => this.#connection(stream) });
  #ctx: NodeContext | null = null;
  #nextEnvelope = 0;

  constructor(id: NodeId, config: ResourceConfig) {
    this.#resource = resourceNode(config)(id);
  }

  init(ctx: NodeContext): void {
    this.#resource.init?.(ctx);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    if (!isTcpSegment(msg.body)) {
      this.#resource.onMessage(ctx, msg);
      return;
    }
    this.#ctx = ctx;
    try {
      this.#tcp.onSegment(ctx, msg as Envelope<TcpSegment>);
    } finally {
      this.#ctx = null;
    }
  }

  #connection(stream: ServerStream): StreamHandler {
    let buffered = '';
    let open = true;
    return {
      onData: (data) => {
        buffered += data;
        for (let nl = buffered.indexOf('\n'); nl >= 0 && open; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const answer = this.#line(stream.client, line);
          stream.write(`${answer}\n`);
          if (answer.startsWith('ERR')) {
            open = false;
            stream.end();
          }
        }
      },
      onEnd: () => stream.end(),
    };
  }

  /** One request line through the resource's own message handler (its reply comes back synchronously). */
  #line(client: NodeId, line: string): string {
    const [word, session, token, value, ...rest] = line.split(' ');
    const tokenValue = token === '-' ? null : Number(token);
    if (word !== 'WRITE' || session === undefined || value === undefined || rest.length > 0 || Number.isNaN(tokenValue) || Number.isNaN(Number(value))) {
      return `ERR expected 'WRITE <session> <token|-> <value>', got '${line}'`;
    }
    const ctx = this.#ctx as NodeContext;
    let reply: ResourceWriteReply | null = null;
    const envelope: Envelope = { id: -++this.#nextEnvelope, from: client, to: ctx.id, body: { type: 'resource-write', client, session, token: tokenValue, value: Number(value) } satisfies ResourceWriteRequest };
    this.#resource.onMessage({ ...ctx, reply: (_to, body) => { reply = body as ResourceWriteReply; } }, envelope);
    const r = reply as ResourceWriteReply | null;
    if (r === null) return 'ERR the resource did not answer';
    return r.accepted ? `OK ${r.seq}` : 'REJECTED';
  }
}

export function resourceServer(config: ResourceConfig): NodeFactory {
  return (id) => new ResourceServer(id, config);
}
