/**
 * The keyspace: values with optional expiry in absolute wall-clock ms, as Redis keeps them. Expiry is
 * judged against the node's wall clock, so a forward clock jump expires keys early (Redis uses
 * gettimeofday for expires; see antirez, "Is Redlock safe?"). Every change is reported as an effect with
 * absolute times, which is what the AOF stores (Redis propagates relative expires as PEXPIREAT/PXAT and
 * an expired key as a DEL), so replaying the AOF rebuilds the same keyspace. The same effects are the
 * replication stream.
 */
import type { DataCommand } from './commands.js';

export interface Entry {
  value: string;
  /** Absolute wall-clock ms, or null for no expiry. */
  expiresAtMs: number | null;
}

export type Effect =
  | { op: 'set'; key: string; value: string; expiresAtMs: number | null }
  | { op: 'del'; key: string }
  | { op: 'expire'; key: string; expiresAtMs: number };

export class Keyspace {
  readonly #entries = new Map<string, Entry>();

  /** The live entry of `key` at wall time `nowMs`; an expired one is deleted on access (lazy expiry). */
  lookup(key: string, nowMs: number, effects: Effect[]): Entry | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAtMs !== null && e.expiresAtMs <= nowMs) {
      this.#entries.delete(key);
      effects.push({ op: 'del', key });
      return undefined;
    }
    return e;
  }

  /** The live entry of `key`, leaving an expired one in place (a replica waits for its master's DEL). */
  peek(key: string, nowMs: number): Entry | undefined {
    const e = this.#entries.get(key);
    return e === undefined || (e.expiresAtMs !== null && e.expiresAtMs <= nowMs) ? undefined : e;
  }

  /** KEYS prefix*: the live names, sorted. Expired keys are skipped, not deleted (as Redis 7's KEYS). */
  keys(prefix: string, nowMs: number): string[] {
    return [...this.#entries.keys()].filter((k) => k.startsWith(prefix) && this.peek(k, nowMs) !== undefined).sort();
  }

  /** Replaces the whole keyspace with a master's snapshot (a replica loading the RDB of a full resync). */
  load(entries: readonly (readonly [string, Entry])[]): void {
    this.#entries.clear();
    for (const [key, e] of entries) this.#entries.set(key, { ...e });
  }

  /** Active expiry: drops every key whose time has come. (Redis samples 20 keys per cycle; we scan all.) */
  expireDue(nowMs: number, effects: Effect[]): number {
    let n = 0;
    for (const key of [...this.#entries.keys()]) if (this.lookup(key, nowMs, effects) === undefined) n++;
    return n;
  }

  /** Applies one effect (from a command or from an AOF replay). */
  apply(effect: Effect): void {
    switch (effect.op) {
      case 'set':
        this.#entries.set(effect.key, { value: effect.value, expiresAtMs: effect.expiresAtMs });
        return;
      case 'del':
        this.#entries.delete(effect.key);
        return;
      case 'expire': {
        const e = this.#entries.get(effect.key);
        if (e !== undefined) e.expiresAtMs = effect.expiresAtMs;
        return;
      }
    }
  }

  /**
   * Runs a command at wall time `nowMs`: the reply's result, plus the effects to persist. With
   * `lazyExpire` off (a replica: only reads get here) expired keys read as missing but stay.
   */
  execute(c: DataCommand, nowMs: number, lazyExpire = true): { result: string | number | null; effects: Effect[] } {
    if (c.cmd === 'keys') return { result: this.keys(c.prefix, nowMs).join(' '), effects: [] };
    const effects: Effect[] = [];
    const change = (effect: Effect) => {
      this.apply(effect);
      effects.push(effect);
    };
    const at = (px: number | undefined) => (px === undefined ? null : nowMs + px);
    const current = lazyExpire ? this.lookup(c.key, nowMs, effects) : this.peek(c.key, nowMs);
    let result: string | number | null;
    switch (c.cmd) {
      case 'set':
        if (c.nx && current !== undefined) result = null;
        else {
          change({ op: 'set', key: c.key, value: c.value, expiresAtMs: at(c.px) });
          result = 'OK';
        }
        break;
      case 'get':
        result = current?.value ?? null;
        break;
      case 'del':
        if (current !== undefined) change({ op: 'del', key: c.key });
        result = current === undefined ? 0 : 1;
        break;
      case 'pexpire':
        if (current !== undefined) change({ op: 'expire', key: c.key, expiresAtMs: nowMs + c.px });
        result = current === undefined ? 0 : 1;
        break;
      case 'incr': {
        const n = (current === undefined ? 0 : Number.parseInt(current.value, 10)) + 1;
        change({ op: 'set', key: c.key, value: String(n), expiresAtMs: current?.expiresAtMs ?? null });
        result = n;
        break;
      }
      case 'cad':
        // Delete only our own lock: a client whose lock expired must not delete the next holder's.
        if (current !== undefined && current.value === c.value) change({ op: 'del', key: c.key });
        result = current !== undefined && current.value === c.value ? 1 : 0;
        break;
      case 'cax':
        if (current !== undefined && current.value === c.value) change({ op: 'expire', key: c.key, expiresAtMs: nowMs + c.px });
        result = current !== undefined && current.value === c.value ? 1 : 0;
        break;
      case 'set-nx-incr': {
        if (current !== undefined) {
          result = null;
          break;
        }
        change({ op: 'set', key: c.key, value: c.value, expiresAtMs: nowMs + c.px });
        const counter = this.lookup(c.counter, nowMs, effects);
        const token = (counter === undefined ? 0 : Number.parseInt(counter.value, 10)) + 1;
        change({ op: 'set', key: c.counter, value: String(token), expiresAtMs: null });
        result = token;
        break;
      }
    }
    return { result, effects };
  }

  /** A copy of the live entries (for reports and tests). */
  snapshot(): Map<string, Entry> {
    return new Map([...this.#entries].map(([k, e]) => [k, { ...e }]));
  }

  get size(): number {
    return this.#entries.size;
  }
}
