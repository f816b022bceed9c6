/**
 * The replication backlog: the last `capacity` effects of the stream, so a replica that reconnects can get
 * what it missed (partial resync) instead of the whole dataset. Offsets count effects (Redis counts bytes
 * of the stream): the effect that takes the offset from n - 1 to n has offset n.
 */
import type { Effect } from './keyspace.js';

export class Backlog {
  readonly #capacity: number;
  #entries: Effect[] = [];
  /** Entries before `#head` have been dropped; they are compacted away in bulk. */
  #head = 0;
  #offset: number;

  constructor(capacity: number, lastOffset: number) {
    this.#capacity = capacity;
    this.#offset = lastOffset;
  }

  /** The offset of the last effect appended: master_repl_offset (on a replica, what it has processed). */
  get offset(): number {
    return this.#offset;
  }

  /** Empties the backlog: the next effect appended has offset `lastOffset + 1`. */
  reset(lastOffset: number): void {
    this.#entries = [];
    this.#head = 0;
    this.#offset = lastOffset;
  }

  append(effects: readonly Effect[]): void {
    for (const e of effects) {
      this.#entries.push(e);
      if (this.#entries.length - this.#head > this.#capacity) this.#head++;
    }
    this.#offset += effects.length;
    if (this.#head >= this.#capacity) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The effects from offset `from` (the first one a replica lacks) to the end, or null when the backlog
   * does not hold them: a partial resync needs backlog_offset <= from <= backlog_offset + histlen.
   */
  since(from: number): Effect[] | null {
    const first = this.#offset - (this.#entries.length - this.#head) + 1;
    if (from < first || from > this.#offset + 1) return null;
    return this.#entries.slice(this.#head + (from - first));
  }
}
