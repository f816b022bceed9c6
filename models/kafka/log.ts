/**
 * A replica's partition log on disk: the entries, the leader-epoch-checkpoint file, and the
 * replication-offset-checkpoint file that keeps the high watermark across restarts.
 */
import type { NodeStorage } from '../../harness/index.js';
import { LeaderEpochCache, type EpochEntry } from './epoch-cache.js';
import type { LogEntry } from './messages.js';

const LOG = 'partition-log';
const EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
const HW_CHECKPOINT = 'replication-offset-checkpoint';

export class PartitionLog {
  readonly epochs: LeaderEpochCache;
  highWatermark: number;
  /** When the oldest log write not yet on disk was made (the page cache's dirty time), null when all are. */
  dirtySinceMs: number | null = null;

  /** Log recovery after a (re)start: what survived on disk, an epoch cache no longer than the log, the checkpointed HW. */
  constructor(
    private readonly storage: NodeStorage,
    private readonly flush: 'always' | 'interval',
    private readonly nowMs: () => number,
  ) {
    this.epochs = new LeaderEpochCache([...((storage.get(EPOCH_CHECKPOINT) as EpochEntry[] | undefined) ?? [])]);
    if (this.epochs.truncateFromEnd(this.endOffset)) this.#saveEpochs();
    this.highWatermark = Math.min((storage.get(HW_CHECKPOINT) as number | undefined) ?? 0, this.endOffset);
  }

  get entries(): readonly LogEntry[] {
    return this.storage.readLog(LOG) as readonly LogEntry[];
  }

  /** The log end offset (LEO): the offset the next entry gets. */
  get endOffset(): number {
    return this.storage.logLength(LOG);
  }

  /** Epoch of the last entry (the follower's lastFetchedEpoch), -1 when empty. */
  get lastEpoch(): number {
    return this.entries.at(-1)?.epoch ?? -1;
  }

  /** Appends entries (leader or follower), recording each new epoch's start; with flush 'always' they reach disk now. */
  append(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      if (e.epoch > this.epochs.latestEpoch && this.epochs.assign(e.epoch, e.offset)) this.#saveEpochs();
      this.storage.append(LOG, e);
    }
    if (this.flush === 'always') this.#fsync();
    else if (entries.length > 0) this.dirtySinceMs ??= this.nowMs();
  }

  /** A new leader records its epoch as starting at its log end (so followers of older epochs can find where they part). */
  assignEpoch(epoch: number, startOffset: number): void {
    if (this.epochs.assign(epoch, startOffset)) this.#saveEpochs();
  }

  /** Drops every entry from `offset` on, with the epochs that start there; the HW cannot stay above the log end. */
  truncateTo(offset: number): void {
    this.storage.truncate(LOG, offset);
    this.epochs.truncateFromEnd(offset);
    this.highWatermark = Math.min(this.highWatermark, offset);
    this.#saveEpochs();
  }

  /**
   * Writes the HW checkpoint. It is fsynced at once with flush 'always'; with 'interval' it reaches disk with
   * the next flush (a shortcut: NodeStorage fsyncs a node's files together, and an fsync here would flush the log).
   */
  checkpointHighWatermark(): void {
    this.storage.set(HW_CHECKPOINT, this.highWatermark);
    if (this.flush === 'always') this.#fsync();
  }

  /** The flush of flush 'interval' (log.flush.interval.ms, or the page cache written back). */
  flushToDisk(): void {
    this.#fsync();
  }

  /** The leader-epoch-checkpoint file is rewritten and fsynced on every change, as Kafka does. */
  #saveEpochs(): void {
    this.storage.set(EPOCH_CHECKPOINT, this.epochs.entries);
    this.#fsync();
  }

  #fsync(): void {
    this.storage.fsync();
    this.dirtySinceMs = null;
  }
}
