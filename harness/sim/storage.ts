/**
 * A deep copy of plain data (what models store): much cheaper than structuredClone for small records.
 * Anything that is not a primitive, array, plain object, Map, Set or Uint8Array goes to structuredClone.
 */
function cloneData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneData);
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = cloneData((value as Record<string, unknown>)[key]);
    return out;
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [cloneData(k), cloneData(v)]));
  if (value instanceof Set) return new Set([...value].map(cloneData));
  if (value instanceof Uint8Array) return value.slice();
  return structuredClone(value);
}

interface Log {
  entries: unknown[];
  /** Entries [0, durableLength) are on disk. */
  durableLength: number;
  /** The durable entries, kept only when a truncation reached below `durableLength` before an fsync. */
  durableCopy: unknown[] | null;
}

/**
 * Per-node durable storage with explicit fsync. Writes land in a volatile layer first; `fsync` makes
 * them durable; a crash throws the volatile layer away. Values are cloned on write, so a model that keeps
 * mutating an object it stored cannot change what is on "disk".
 */
export class NodeStorage {
  readonly #durable = new Map<string, unknown>();
  #pending = new Map<string, unknown>();
  readonly #logs = new Map<string, Log>();
  /** The logs again, as an array: fsync walks them without an iterator. */
  readonly #logList: Log[] = [];
  fsyncCount = 0;
  /** Applies one pending write to the durable layer (a field, so fsync passes no fresh closure to forEach). */
  readonly #flushEntry = (value: unknown, key: string): void => {
    if (value === undefined) this.#durable.delete(key);
    else this.#durable.set(key, value);
  };

  get(key: string): unknown {
    if (this.#pending.has(key)) return this.#pending.get(key);
    return this.#durable.get(key);
  }

  set(key: string, value: unknown): void {
    this.#pending.set(key, value === undefined ? undefined : cloneData(value));
  }

  delete(key: string): void {
    this.#pending.set(key, undefined);
  }

  /** Appends one entry to a named log (a transaction log, an AOF, a partition log). */
  append(log: string, entry: unknown): void {
    this.#log(log).entries.push(cloneData(entry));
  }

  /** Drops every entry from index `length` on. */
  truncate(log: string, length: number): void {
    const l = this.#log(log);
    if (length >= l.entries.length) return;
    if (length < l.durableLength && l.durableCopy === null) l.durableCopy = l.entries.slice(0, l.durableLength);
    l.entries.length = length;
  }

  /** The log as the node sees it now (durable plus pending). Treat it as read-only. */
  readLog(log: string): readonly unknown[] {
    return this.#logs.get(log)?.entries ?? [];
  }

  logLength(log: string): number {
    return this.#logs.get(log)?.entries.length ?? 0;
  }

  /** Makes every write so far durable. */
  fsync(): void {
    this.fsyncCount++;
    if (this.#pending.size !== 0) {
      this.#pending.forEach(this.#flushEntry);
      this.#pending.clear();
    }
    const logs = this.#logList;
    for (let i = 0; i < logs.length; i++) {
      const l = logs[i] as Log;
      l.durableLength = l.entries.length;
      l.durableCopy = null;
    }
  }

  /** What survives a crash: the volatile layer is gone. */
  loseUnsynced(): void {
    this.#pending = new Map();
    for (const l of this.#logs.values()) {
      if (l.durableCopy !== null) l.entries = l.durableCopy;
      else l.entries.length = l.durableLength;
      l.durableCopy = null;
    }
  }

  #log(name: string): Log {
    let l = this.#logs.get(name);
    if (l === undefined) {
      l = { entries: [], durableLength: 0, durableCopy: null };
      this.#logs.set(name, l);
      this.#logList.push(l);
    }
    return l;
  }
}
