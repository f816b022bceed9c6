/**
 * A Snowflake ID generator (Twitter's 2010 design): 41 bits of milliseconds since a custom epoch on the
 * node's wall clock, 10 bits of worker id, 12 bits of sequence within the millisecond; a full sequence
 * waits for the next millisecond. What it does when the clock is behind the last timestamp it used is a
 * named policy: `refuse` (Twitter's: an error until the clock catches up), `wait` (sleep until it does,
 * up to `maxWaitMs`, then refuse), `keep-last` (go on from the last timestamp, borrowing ahead), `ignore`
 * (use the clock as it is: IDs of the past again). The last timestamp lives in memory, as in Snowflake.
 */
import { issuedIdLine, type Envelope, type NodeContext, type NodeFactory, type TimerHandle } from '../../harness/index.js';

export type BackwardClockPolicy = 'refuse' | 'wait' | 'keep-last' | 'ignore';

export interface SnowflakeConfig {
  /** Worker id per generator node (10 bits). */
  workers: Record<string, number>;
  /** Custom epoch, wall-clock ms. */
  epochMs: number;
  policy: BackwardClockPolicy;
  maxWaitMs: number;
}

const SEQUENCE_BITS = 12n;
const WORKER_BITS = 10n;
const MAX_SEQUENCE = (1 << Number(SEQUENCE_BITS)) - 1;

export type IdReply = { ok: true; id: string } | { ok: false; error: string };

export class SnowflakeGenerator {
  lastTimestamp = -1;
  sequence = 0;

  constructor(private readonly config: SnowflakeConfig, private readonly worker: number) {}

  onMessage(ctx: NodeContext, msg: Envelope): void {
    if ((msg.body as { type?: string }).type === 'next-id') this.#issue(ctx, msg);
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    this.#issue(ctx, timer.payload as Envelope);
  }

  #issue(ctx: NodeContext, request: Envelope): void {
    let ts = Math.floor(ctx.wallNow()) - this.config.epochMs;
    if (ts < this.lastTimestamp) {
      ctx.cover('snowflake:clock-behind');
      ctx.point('snowflake:clock-behind', `${this.lastTimestamp - ts} ms`);
      const behindMs = this.lastTimestamp - ts;
      if (this.config.policy === 'refuse' || (this.config.policy === 'wait' && behindMs > this.config.maxWaitMs)) {
        ctx.reply(request, { ok: false, error: `clock moved backwards by ${behindMs} ms` } satisfies IdReply);
        return;
      }
      if (this.config.policy === 'wait') {
        ctx.setTimer(behindMs, request); // the monotonic clock's ms, which the wall clock follows unless it jumps again
        return;
      }
      if (this.config.policy === 'keep-last') ts = this.lastTimestamp;
    }
    if (ts === this.lastTimestamp) {
      this.sequence = (this.sequence + 1) & MAX_SEQUENCE;
      if (this.sequence === 0) {
        // Sequence exhausted in this millisecond: the next one (keep-last borrows it from the future).
        if (this.config.policy === 'keep-last') ts = this.lastTimestamp + 1;
        else {
          ctx.setTimer(1, request);
          return;
        }
      }
    } else this.sequence = 0;
    this.lastTimestamp = ts;
    const id = (BigInt(ts) << (WORKER_BITS + SEQUENCE_BITS)) | (BigInt(this.worker) << SEQUENCE_BITS) | BigInt(this.sequence);
    ctx.log(issuedIdLine(id.toString(), this.worker));
    ctx.point('snowflake:issued', id.toString());
    ctx.reply(request, { ok: true, id: id.toString() } satisfies IdReply);
  }
}

export function snowflakeGenerator(config: SnowflakeConfig): NodeFactory {
  return (id) => {
    const worker = config.workers[id];
    if (worker === undefined || worker < 0 || worker >= 1 << Number(WORKER_BITS)) throw new Error(`snowflake: no 10-bit worker id for ${id}`);
    return new SnowflakeGenerator(config, worker);
  };
}
