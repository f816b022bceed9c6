/**
 * The event loop of a simulated process, inside its vm context: timers on the node's monotonic clock,
 * immediates, the nextTick queue, and socket events handed over by the host. The host drives it one
 * macrotask per `step()` (each in its own runInContext, so the context's microtasks drain after it, as
 * Node drains them after every callback), in Node's order: nextTick queue first, then due timers, then
 * the immediates queued before the check phase began. Nothing here reads a real clock.
 */
import type { HostBridge, SocketEvent } from './bridge.js';

/** Node clamps delays outside [1, 2^31 - 1] ms to 1. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** The context's own `then`, taken before the user's code runs (which may replace it). */
const promiseThen = Promise.prototype.then;

export class Timeout {
  /** Ordered by (deadline, sequence): equal deadlines fire in creation order, as in Node. */
  deadline = 0;
  seq = 0;
  active = false;
  #ref = true;
  readonly #loop: EventLoop;
  readonly callback: (...args: unknown[]) => void;
  readonly args: unknown[];
  readonly delay: number;
  readonly repeat: boolean;
  readonly id: number;

  constructor(loop: EventLoop, id: number, callback: (...args: unknown[]) => void, delay: number, args: unknown[], repeat: boolean) {
    this.#loop = loop;
    this.id = id;
    this.callback = callback;
    this.delay = delay;
    this.args = args;
    this.repeat = repeat;
  }

  ref(): this { this.#ref = true; return this; }
  unref(): this { this.#ref = false; return this; }
  hasRef(): boolean { return this.#ref; }
  /** Restarts the countdown from now with the same delay. */
  refresh(): this {
    if (this.active) this.#loop.arm(this);
    return this;
  }
  close(): this { this.#loop.clear(this); return this; }
  [Symbol.toPrimitive](): number { return this.id; }
}

export class Immediate {
  #ref = true;
  cleared = false;
  constructor(readonly callback: (...args: unknown[]) => void, readonly args: unknown[]) {}
  ref(): this { this.#ref = true; return this; }
  unref(): this { this.#ref = false; return this; }
  hasRef(): boolean { return this.#ref; }
}

export interface SocketSink {
  onSocketEvent(event: SocketEvent): void;
  /** Sockets that keep the process alive (open and ref'd). */
  readonly refedSockets: number;
}

export class EventLoop {
  readonly #host: HostBridge;
  #timers: Timeout[] = [];
  readonly #byId = new Map<number, Timeout>();
  #nextTimerId = 1;
  #nextSeq = 1;
  #ticks: { fn: (...args: unknown[]) => void; args: unknown[] }[] = [];
  #immediates: Immediate[] = [];
  /** Immediates of the current check phase (queued before it began). */
  #checkPhase: Immediate[] = [];
  sockets: SocketSink | null = null;
  /** An exception no handler took: the host fails the run with it. */
  uncaught: ((error: unknown) => boolean) | null = null;
  /** A promise rejected with no handler; returns false when that ends the process. */
  unhandledRejection: ((reason: unknown, promise: Promise<unknown>) => boolean) | null = null;
  /** Unhandled rejections read by `watchRejections`, to report. */
  #rejected: { promise: Promise<unknown>; reason: unknown }[] = [];
  #lastArmed: number | null | undefined = undefined;

  constructor(host: HostBridge) {
    this.#host = host;
  }

  // ---- timers ----

  setTimeout(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): Timeout {
    if (typeof callback !== 'function') throw new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
    let ms = Number(delay);
    if (!(ms >= 1 && ms <= MAX_DELAY_MS)) ms = 1;
    const t = new Timeout(this, this.#nextTimerId++, callback as (...a: unknown[]) => void, ms, args, repeat);
    this.#byId.set(t.id, t);
    this.arm(t);
    return t;
  }

  arm(t: Timeout): void {
    this.#remove(t);
    t.deadline = this.#host.monotonicNow() + t.delay;
    t.seq = this.#nextSeq++;
    t.active = true;
    this.#insert(t);
  }

  clear(handle: unknown): void {
    const t = handle instanceof Timeout ? handle : typeof handle === 'number' || typeof handle === 'string' ? this.#byId.get(Number(handle)) : undefined;
    if (t === undefined) return;
    this.#remove(t);
    t.active = false;
    this.#byId.delete(t.id);
  }

  #insert(t: Timeout): void {
    // Sorted array: processes hold few timers, and ties stay in sequence order.
    const a = this.#timers;
    let i = a.length;
    while (i > 0 && before(t, a[i - 1] as Timeout)) i--;
    a.splice(i, 0, t);
  }

  #remove(t: Timeout): void {
    if (!t.active) return;
    const i = this.#timers.indexOf(t);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  // ---- immediates and ticks ----

  setImmediate(callback: unknown, args: unknown[]): Immediate {
    if (typeof callback !== 'function') throw new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
    const im = new Immediate(callback as (...a: unknown[]) => void, args);
    this.#immediates.push(im);
    return im;
  }

  clearImmediate(im: unknown): void {
    if (im instanceof Immediate) im.cleared = true;
  }

  nextTick(fn: unknown, args: unknown[]): void {
    if (typeof fn !== 'function') throw new TypeError(`The "callback" argument must be of type function. Received ${typeof fn}`);
    this.#ticks.push({ fn: fn as (...a: unknown[]) => void, args });
  }

  // ---- driven by the host ----

  /**
   * Runs one step: the whole nextTick queue, or one due timer, or one immediate. Returns false when
   * nothing is due at this instant.
   */
  step(): boolean {
    if (this.#ticks.length > 0) {
      this.#drainTicks();
      return true;
    }
    const first = this.#timers[0];
    if (first !== undefined && Math.round(first.deadline * 1000) <= Math.round(this.#host.monotonicNow() * 1000)) {
      this.#timers.shift();
      first.active = false;
      if (first.repeat) this.arm(first);
      else this.#byId.delete(first.id);
      this.#macrotask(() => first.callback(...first.args));
      return true;
    }
    if (this.#checkPhase.length === 0) {
      this.#checkPhase = this.#immediates;
      this.#immediates = [];
    }
    while (this.#checkPhase.length > 0) {
      const im = this.#checkPhase.shift() as Immediate;
      if (im.cleared) continue;
      im.cleared = true;
      this.#macrotask(() => im.callback(...im.args));
      return true;
    }
    return false;
  }

  /**
   * One callback, then the nextTick queue (ticks queued by ticks included): the promise microtasks run
   * after, when the host's evaluation ends, and ticks they queue on the next step, as in Node.
   */
  #macrotask(fn: () => void): void {
    this.#guard(fn);
    this.#drainTicks();
  }

  #drainTicks(): void {
    while (this.#ticks.length > 0) {
      const tick = this.#ticks.shift() as { fn: (...args: unknown[]) => void; args: unknown[] };
      this.#guard(() => tick.fn(...tick.args));
    }
  }

  /** A socket event from the host: one macrotask (the poll phase). */
  io(event: SocketEvent): void {
    this.#macrotask(() => this.sockets?.onSocketEvent(event));
  }

  /** Runs the entry module (the bundle, compiled as a function), then the ticks it queued. */
  main(entry: () => void): void {
    this.#macrotask(entry);
  }

  /**
   * Reads the state of settled promises that have no handler (see harness/real/rejections.ts): the
   * rejected ones are collected when the microtasks drain at the end of this evaluation, and the host
   * told. Returns false, reading nothing, while nextTicks are queued: Node looks at rejections only once
   * they (and the microtasks) drained.
   */
  watchRejections(promises: Promise<unknown>[]): boolean {
    if (this.#ticks.length > 0) return false;
    const rejected = (promise: Promise<unknown>) => (reason: unknown) => {
      this.#rejected.push({ promise, reason });
      this.#host.rejected();
    };
    for (const promise of promises) promiseThen.call(promise, undefined, rejected(promise));
    return true;
  }

  /**
   * Reports the rejections `watchRejections` found, each as a macrotask (its handler's ticks drain
   * after it), in the order they settled. Returns whether there was any.
   */
  reportRejections(): boolean {
    const rejected = this.#rejected;
    this.#rejected = [];
    for (const { promise, reason } of rejected) {
      let goesOn = true;
      this.#macrotask(() => { goesOn = this.unhandledRejection?.(reason, promise) ?? false; });
      if (!goesOn) break;
    }
    return rejected.length > 0;
  }

  /** Tells the host when the next timer is due (only when that changed). */
  publishNextTimer(): void {
    const next = this.#timers[0]?.deadline ?? null;
    if (next !== this.#lastArmed) {
      this.#lastArmed = next;
      this.#host.nextTimer(next);
    }
  }

  /** Whether anything keeps the process alive: ref'd timers, immediates, ticks or open ref'd sockets. */
  alive(): boolean {
    if (this.#ticks.length > 0 || this.#immediates.some((i) => !i.cleared) || this.#checkPhase.some((i) => !i.cleared)) return true;
    if (this.#timers.some((t) => t.hasRef())) return true;
    return (this.sockets?.refedSockets ?? 0) > 0;
  }

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (this.uncaught === null || !this.uncaught(error)) throw error;
    }
  }
}

function before(a: Timeout, b: Timeout): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}
