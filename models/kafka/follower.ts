/**
 * The follower side (ReplicaFetcherThread / AbstractFetcherThread): fetch from the leader's log end, append
 * what comes back, take the leader's high watermark (bounded by our log end), and fetch again at once.
 * A diverging-epoch answer makes the follower truncate to where its log and the leader's part
 * (KIP-101 / KIP-279); OFFSET_OUT_OF_RANGE from a shorter leader truncates to the leader's end.
 */
import type { Envelope, NodeId, TimerHandle } from '../../harness/index.js';
import type { KafkaBroker } from './broker.js';
import { UNDEFINED_EPOCH, UNDEFINED_OFFSET } from './epoch-cache.js';
import type { FetchRequest, FetchResponse } from './messages.js';

export const FETCH_TIMER = 'fetch';

export class Fetcher {
  #timer: TimerHandle | null = null;

  constructor(
    private readonly b: KafkaBroker,
    readonly leader: NodeId,
    readonly leaderEpoch: number,
  ) {}

  /** Sends a fetch from our log end; if nothing answers (a broken connection), the timer sends it again. */
  fetch(): void {
    const { b } = this;
    const req: FetchRequest = {
      type: 'fetch', replica: b.id, replicaEpoch: b.brokerEpoch, fetchOffset: b.plog.endOffset,
      lastFetchedEpoch: b.plog.epochs.latestEpoch, currentLeaderEpoch: this.leaderEpoch,
    };
    b.ctx.send(this.leader, req);
    // replica.socket.timeout.ms must exceed the leader's wait; a few times that wait is enough here.
    this.#schedule(b.config.fetchWaitMs * 4);
  }

  stop(): void {
    if (this.#timer !== null) this.b.ctx.cancelTimer(this.#timer);
    this.#timer = null;
  }

  onResponse(msg: Envelope<FetchResponse>): void {
    const { b } = this;
    const r = msg.body;
    // Only the answer to a fetch from where our log ends now; older answers are stale.
    // (An answer to our previous incarnation, or from another epoch of the leader, is stale too.)
    if (msg.from !== this.leader || r.fetchOffset !== b.plog.endOffset || r.leaderEpoch !== this.leaderEpoch) return;
    if (r.error === 'OFFSET_OUT_OF_RANGE' && r.logEndOffset < b.plog.endOffset) {
      // The leader's log is shorter than ours (pre-KIP-101 path). Kafka 0.10 halted the broker here when
      // unclean election was off; we truncate, as it did with unclean election on.
      this.#truncate(r.logEndOffset, 'out-of-range');
      this.fetch();
      return;
    }
    if (r.error !== undefined) {
      // Not (yet) the leader of our epoch, or we are behind on metadata: back off (replica.fetch.backoff.ms).
      this.#schedule(b.config.fetchWaitMs);
      return;
    }
    if (r.divergingEpoch !== undefined) {
      this.#truncate(this.#truncationOffset(r.divergingEpoch), 'diverging-epoch');
      this.fetch();
      return;
    }
    if (r.entries.length > 0) b.plog.append(r.entries);
    b.plog.highWatermark = Math.min(r.highWatermark, b.plog.endOffset);
    this.fetch();
  }

  /** AbstractFetcherThread.getOffsetTruncationState, from the leader's (epoch, end offset) and our own cache. */
  #truncationOffset(leader: { epoch: number; endOffset: number }): number {
    const { plog } = this.b;
    if (leader.endOffset === UNDEFINED_OFFSET) return plog.highWatermark;
    const mine = plog.epochs.endOffsetFor(leader.epoch, plog.endOffset);
    if (mine.epoch === UNDEFINED_EPOCH) return Math.min(leader.endOffset, plog.endOffset);
    // We do not have the leader's epoch: cut to the end of our last earlier one and ask again (KIP-279).
    if (mine.epoch !== leader.epoch) return Math.min(mine.endOffset, plog.endOffset);
    return Math.min(mine.endOffset, leader.endOffset, plog.endOffset);
  }

  #truncate(offset: number, reason: string): void {
    const { b } = this;
    const before = b.plog.endOffset;
    b.plog.truncateTo(offset);
    if (offset >= before) return;
    b.ctx.cover('kafka-truncate');
    b.note({ event: 'truncate', reason, from: before, to: offset });
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== null) this.b.ctx.cancelTimer(this.#timer);
    this.#timer = this.b.ctx.setTimer(delayMs, FETCH_TIMER);
  }

  onTimer(): void {
    this.#timer = null;
    this.fetch();
  }
}
