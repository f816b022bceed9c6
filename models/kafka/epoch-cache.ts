/**
 * The leader epoch cache (LeaderEpochFileCache, KIP-101): for each leader epoch, the first offset written in
 * it. It answers "where does epoch E end in my log?", which is how a follower finds where its log parts from
 * the leader's.
 */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_OFFSET = -1;

export class LeaderEpochCache {
  constructor(readonly entries: EpochEntry[] = []) {}

  get latestEpoch(): number {
    return this.entries.at(-1)?.epoch ?? UNDEFINED_EPOCH;
  }

  /** Records that `epoch` starts at `startOffset`; false when nothing changed. */
  assign(epoch: number, startOffset: number): boolean {
    const last = this.entries.at(-1);
    if (last !== undefined && last.epoch === epoch && startOffset >= last.startOffset) return false;
    // Epochs and start offsets must both increase: drop the entries the new one contradicts
    // (a leader of an epoch that wrote nothing, superseded at the same offset).
    while (this.entries.length > 0) {
      const tail = this.entries.at(-1) as EpochEntry;
      if (tail.epoch < epoch && tail.startOffset < startOffset) break;
      this.entries.pop();
    }
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /** Forgets the epochs that start at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): boolean {
    const before = this.entries.length;
    while (this.entries.length > 0 && (this.entries.at(-1) as EpochEntry).startOffset >= endOffset) this.entries.pop();
    return this.entries.length !== before;
  }

  /**
   * OffsetsForLeaderEpoch: the largest epoch <= `requested` we know, and where it ends (the start of the
   * next epoch, or our log end for the latest).
   */
  endOffsetFor(requested: number, logEndOffset: number): { epoch: number; endOffset: number } {
    if (requested === UNDEFINED_EPOCH || this.entries.length === 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_OFFSET };
    if (this.latestEpoch === requested) return { epoch: requested, endOffset: logEndOffset };
    const higher = this.entries.findIndex((e) => e.epoch > requested);
    if (higher < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_OFFSET };
    const next = this.entries[higher] as EpochEntry;
    // Older than every epoch we know: our log starts (for this purpose) at the first known epoch.
    if (higher === 0) return { epoch: requested, endOffset: next.startOffset };
    return { epoch: (this.entries[higher - 1] as EpochEntry).epoch, endOffset: next.startOffset };
  }
}
