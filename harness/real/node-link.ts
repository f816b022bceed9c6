/**
 * A server node's messages as a segment link (tcp-client.ts): a segment goes out with `ctx.send`, and
 * the answer is the message whose `inReplyTo` names it, or a timeout from a timer of the node. Answers
 * are called back synchronously, inside the node's handler of that message or timer (a server node has
 * no promise turns between kernel events).
 */
import type { CallResult, Envelope, NodeContext, TimerHandle } from '../sim/types.js';
import type { SegmentLink } from './tcp-client.js';
import type { TcpSegment } from './tcp-segment.js';

const TIMEOUT: CallResult = { status: 'timeout' };

/** The payload of a call's timeout timer. */
interface CallTimer {
  readonly call: number;
}

export class NodeLink implements SegmentLink {
  readonly #ctx: NodeContext;
  readonly #pending = new Map<number, { answered: (result: CallResult) => void; timer: TimerHandle }>();

  constructor(ctx: NodeContext) {
    this.#ctx = ctx;
  }

  call(to: string, body: TcpSegment, timeoutMs: number, answered: (result: CallResult) => void): void {
    const id = this.#ctx.send(to, body);
    this.#pending.set(id, { answered, timer: this.#ctx.setTimer(timeoutMs, { call: id } satisfies CallTimer) });
  }

  send(to: string, body: TcpSegment): void {
    this.#ctx.send(to, body);
  }

  nonce(): number {
    return this.#ctx.rng.int(0, 0x7fffffff);
  }

  /** Takes the answer to one of our calls; false for any other message. */
  onReply(msg: Envelope): boolean {
    const call = msg.inReplyTo === undefined ? undefined : this.#pending.get(msg.inReplyTo);
    if (call === undefined) return false;
    this.#pending.delete(msg.inReplyTo!);
    this.#ctx.cancelTimer(call.timer);
    call.answered({ status: 'ok', body: msg.body, from: msg.from });
    return true;
  }

  /** Takes the timeout of one of our calls; false for any other timer. */
  onTimer(timer: TimerHandle): boolean {
    const payload = timer.payload as Partial<CallTimer> | null;
    if (typeof payload !== 'object' || payload === null || typeof payload.call !== 'number') return false;
    const call = this.#pending.get(payload.call);
    if (call !== undefined) {
      this.#pending.delete(payload.call);
      call.answered(TIMEOUT);
    }
    return true;
  }
}
