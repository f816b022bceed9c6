/**
 * Per-node durable storage with explicit fsync. Writes land in a volatile layer first; `fsync` makes
 * them durable; a crash throws the volatile layer away. Values are cloned on write, so a model that keeps
 * mutating an object it stored cannot change what is on "disk".
 */
export class NodeStorage {
  readonly #durable = new Map<string, unknown>();
  readonly #durableLogs = new Map<string, unknown[]>();
  #pending = new Map<string, unknown>();
  /** Log name -> length already durable (entries beyond it are pending); truncations are pending too. */
  #pendingLogs = new Map<string, unknown[]>();
  fsyncCount = 0;

  get(key: string): unknown {
    if (this.#pending.has(key)) return this.#pending.get(key);
    return this.#durable.get(key);
  }

  set(key: string, value: unknown): void {
    this.#pending.set(key, value === undefined ? undefined : structuredClone(value));
  }

  delete(key: string): void {
    this.#pending.set(key, undefined);
  }

  /** Appends one entry to a named log (a transaction log, an AOF, a partition log). */
  append(log: string, entry: unknown): void {
    this.#writableLog(log).push(structuredClone(entry));
  }

  /** Drops every entry from index `length` on. */
  truncate(log: string, length: number): void {
    const entries = this.#writableLog(log);
    if (length < entries.length) entries.length = length;
  }

  /** The log as the node sees it now (durable plus pending). Treat it as read-only. */
  readLog(log: string): readonly unknown[] {
    return this.#pendingLogs.get(log) ?? this.#durableLogs.get(log) ?? [];
  }

  logLength(log: string): number {
    return this.readLog(log).length;
  }

  /** Makes every write so far durable. */
  fsync(): void {
    this.fsyncCount++;
    for (const [key, value] of this.#pending) {
      if (value === undefined) this.#durable.delete(key);
      else this.#durable.set(key, value);
    }
    this.#pending.clear();
    for (const [log, entries] of this.#pendingLogs) this.#durableLogs.set(log, entries);
    this.#pendingLogs.clear();
  }

  /** What survives a crash: the volatile layer is gone. */
  loseUnsynced(): void {
    this.#pending = new Map();
    this.#pendingLogs = new Map();
  }

  #writableLog(log: string): unknown[] {
    let entries = this.#pendingLogs.get(log);
    if (entries === undefined) {
      entries = (this.#durableLogs.get(log) ?? []).slice();
      this.#pendingLogs.set(log, entries);
    }
    return entries;
  }
}
