/**
 * The realm of one incarnation of a real process, client or server: a fresh vm context with the runtime's
 * virtual globals, the user's bundle evaluated in it, and its event loop driven by kernel events only.
 * Every entry into the context is a `runInContext` with microtasks drained at its end (`microtaskMode:
 * 'afterEvaluate'`), so the library's nextTick and promise interleavings are part of the run: same seed,
 * same trace hash. The owner (process-host.ts for clients, server-host.ts for servers) supplies the host
 * bridge's node-specific half and how to wake the process at its next timer.
 */
import { createRequire } from 'node:module';
import { createContext, Script, type Context } from 'node:vm';
import { HOST_GLOBAL, LOOP_GLOBAL, type HostBridge, type SocketEvent } from './runtime/bridge.js';
import { compiled, runtimeScript } from './bundle.js';
import { watchRejections, type RejectionWatch } from './rejections.js';

const hostRequire = createRequire(import.meta.url);
/** Builtins handed to the context as they are: their functions do no I/O and read no clock. */
const PURE_BUILTINS = new Set(['events', 'buffer', 'string_decoder', 'assert', 'url', 'querystring', 'path', 'punycode', 'stream', 'util', 'util/types', 'diagnostics_channel', 'crypto']);
/** Steps at one instant before the process is declared to spin (an immediate or nextTick loop). */
const MAX_STEPS_PER_EVENT = 100_000;
/** Console lines kept per process as notes. */
const MAX_OUTPUT_NOTES = 200;

const STEP = new Script(`${LOOP_GLOBAL}.step()`);
const IO = new Script(`${LOOP_GLOBAL}.io(globalThis.__faultlineIoEvent)`);
const MAIN = new Script(`${LOOP_GLOBAL}.main(globalThis.__faultlineEntry)`);
const SETTLE = new Script(`${LOOP_GLOBAL}.publishNextTimer(), ${LOOP_GLOBAL}.alive()`);
const WATCH = new Script(`${LOOP_GLOBAL}.watchRejections(globalThis.__faultlineSettled)`);
const REPORT = new Script(`${LOOP_GLOBAL}.reportRejections()`);
const PROMISE_PROTOTYPE = new Script('Promise.prototype');
/** The host's own `then`, to take a finished process's rejections away from the host. */
const hostThen = Promise.prototype.then;
const ignore = (): void => undefined;

export interface RealProcessOptions {
  /** process.env of the process. */
  env?: Record<string, string>;
  /** process.argv after `node`. */
  args?: string[];
  /** The port each server node's name answers on is the model's; host names other than node ids are refused. */
  hosts?: Record<string, string>;
}

/** Why a real process failed the run: an escape, a leaked host callback, an uncaught error, a spin. */
export class RealProcessError extends Error {}

/** What a node's realm needs from the node it runs on. */
export interface RealmNode {
  readonly id: string;
  wallNow(): number;
  monotonicNow(): number;
  random(): number;
  randomInt(min: number, max: number): number;
  note(kind: string, data: Record<string, unknown>): void;
  cover(goal: string): void;
  point(name: string, detail?: string): void;
}

/** A node's clocks, randomness and coverage as a realm sees them; `note` is where the process's notes go. */
export function realmNode(
  ctx: { readonly id: string; wallNow(): number; monotonicNow(): number; readonly rng: { next(): number; int(min: number, max: number): number }; cover(goal: string): void; point(name: string, detail?: string): void },
  note: (kind: string, data: Record<string, unknown>) => void,
): RealmNode {
  return {
    id: ctx.id,
    wallNow: () => ctx.wallNow(),
    monotonicNow: () => ctx.monotonicNow(),
    random: () => ctx.rng.next(),
    randomInt: (min, max) => ctx.rng.int(min, max),
    note,
    cover: (goal) => ctx.cover(goal),
    point: (name, detail) => ctx.point(name, detail),
  };
}

/** The node-specific half of the host bridge: sockets, history, winding down. */
export type NodeBridge = Pick<HostBridge, 'connect' | 'listen' | 'unlisten' | 'write' | 'end' | 'destroy' | 'resolve' | 'stopping' | 'invoke' | 'complete' | 'lockHeld' | 'lockReleased'>;

export interface RealmHooks {
  /** The half of the bridge that depends on the node; each method is called inside the realm's events. */
  bridge(inside: (call: string) => void): NodeBridge;
  /** The process's next timer is due at this monotonic time: wake it then (a wake with nothing due is harmless). */
  wakeAt(monoMs: number): void;
  /** After each kernel event: hand what the process wrote to the network. */
  flush(): void;
  /** The process ended: `error` null for a clean exit. */
  finished(error: Error | null): void;
}

export class Realm {
  readonly #node: RealmNode;
  readonly #hooks: RealmHooks;
  readonly #context: Context;
  readonly #entryFile: string;
  readonly #io: SocketEvent[] = [];
  #dispatching = false;
  #nextTimerMono: number | null = null;
  #outputs = 0;
  #finished = false;
  #exitRequested = false;
  #fatal: Error | null = null;
  readonly #rejections: RejectionWatch;
  /** Set by the runtime when promises it watched turned out rejected with no handler. */
  #rejectionsFound = false;

  constructor(node: RealmNode, entryFile: string, options: RealProcessOptions, hooks: RealmHooks) {
    this.#node = node;
    this.#hooks = hooks;
    this.#context = createContext({ [HOST_GLOBAL]: this.#bridge(options) }, { microtaskMode: 'afterEvaluate', name: `faultline real process ${node.id}` });
    this.#entryFile = entryFile;
    this.#rejections = watchRejections(PROMISE_PROTOTYPE.runInContext(this.#context) as object);
  }

  /** Evaluates the runtime and the user's bundle, and runs the entry module (once the owner holds the realm). */
  start(): void {
    const entryFile = this.#entryFile;
    this.#enter(() => {
      runtimeScript().runInContext(this.#context);
      (this.#context as Record<string, unknown>).__faultlineEntry = compiled(entryFile).runInContext(this.#context);
      MAIN.runInContext(this.#context);
      this.#reportRejections();
    });
    this.#settle();
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** A socket event for the process, handled by the next `drive`. */
  queue(event: SocketEvent): void {
    this.#io.push(event);
  }

  /** Fails the process (and so the run) from the host side. */
  fail(error: Error): void {
    if (this.#fatal === null) this.#fatal = error;
  }

  /** Runs everything due at this instant: socket events, ticks, timers, immediates; then sends and wakes. */
  drive(): void {
    this.#enter(() => {
      let steps = 0;
      for (;;) {
        if (this.#fatal !== null || this.#exitRequested) return;
        const event = this.#io.shift();
        if (event !== undefined) {
          (this.#context as Record<string, unknown>).__faultlineIoEvent = event;
          IO.runInContext(this.#context);
          this.#reportRejections();
        } else if (STEP.runInContext(this.#context) === true) {
          this.#reportRejections();
        } else if (!this.#reportRejections()) {
          return;
        }
        if (++steps > MAX_STEPS_PER_EVENT) throw new RealProcessError(`real process ${this.#node.id} ran ${MAX_STEPS_PER_EVENT} callbacks at one instant without waiting (a setImmediate or nextTick loop?)`);
      }
    });
    this.#settle();
  }

  /**
   * Unhandled rejections, decided synchronously after each macrotask of the process once its ticks and
   * microtasks drained, where Node decides them (harness/real/rejections.ts says why not where the host
   * learns of them): reported to the process's 'unhandledRejection' listeners, or failing the run.
   * Returns whether any was reported (its handlers ran).
   */
  #reportRejections(): boolean {
    if (this.#rejections.settled.length === 0 || this.#fatal !== null || this.#exitRequested) return false; // gone first: #finish
    const settled = this.#rejections.take();
    if (settled.length === 0) return false;
    (this.#context as Record<string, unknown>).__faultlineSettled = settled;
    this.#rejections.muted = true;
    let watched = false;
    try {
      watched = WATCH.runInContext(this.#context) === true;
    } finally {
      this.#rejections.muted = false;
      (this.#context as Record<string, unknown>).__faultlineSettled = undefined;
    }
    if (!watched) {
      this.#rejections.settled = [...settled, ...this.#rejections.settled]; // ticks first: looked at after them
      return false;
    }
    if (!this.#rejectionsFound) return false;
    this.#rejectionsFound = false;
    return REPORT.runInContext(this.#context) === true;
  }

  /** The one door into the context from outside a kernel event: everything else is a leak. */
  #enter(fn: () => void): void {
    if (this.#finished) return;
    this.#dispatching = true;
    try {
      fn();
    } catch (error) {
      if (this.#exitRequested && this.#fatal === null) return; // process.exit() unwinding
      this.fail(error instanceof RealProcessError ? error : new RealProcessError(`real process ${this.#node.id} crashed: ${describe(error)}`, { cause: error }));
    } finally {
      this.#dispatching = false;
    }
  }

  #settle(): void {
    if (this.#finished) return;
    if (this.#fatal !== null) {
      this.#finish();
      return;
    }
    let alive = false;
    this.#enter(() => { alive = SETTLE.runInContext(this.#context) === true; });
    this.#hooks.flush();
    if (this.#io.length > 0) {
      this.drive();
      return;
    }
    if (!alive || this.#fatal !== null || this.#exitRequested) {
      this.#finish();
      return;
    }
    if (this.#nextTimerMono !== null) this.#hooks.wakeAt(this.#nextTimerMono);
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    // The process is gone, as Node's would be before it looked at these: the host must not see them.
    for (const promise of this.#rejections.take()) hostThen.call(promise, undefined, ignore);
    this.#rejections.muted = true;
    this.#hooks.finished(this.#fatal);
  }

  /** The host bridge: every call from the process lands here, and must come from inside a kernel event. */
  #bridge(options: RealProcessOptions): HostBridge {
    const node = this.#node;
    // A call from outside a kernel event (a host callback that leaked in) fails the process at once; it
    // is not thrown, as it would land in the host's own loop.
    const inside = (call: string): void => {
      if (this.#dispatching || this.#finished) return;
      this.fail(new RealProcessError(`real process ${node.id} called ${call} outside the simulation's event loop: a host timer, promise or I/O callback leaked into the process`));
      this.#finish();
    };
    return {
      id: node.id,
      env: { ...options.env },
      argv: [...(options.args ?? [])],
      wallNow: () => { inside('Date.now'); return node.wallNow(); },
      monotonicNow: () => { inside('performance.now'); return node.monotonicNow(); },
      random: () => { inside('Math.random'); return node.random(); },
      randomFill: (bytes) => {
        inside('crypto.randomBytes');
        for (let i = 0; i < bytes.length; i++) bytes[i] = node.randomInt(0, 255);
      },
      nextTimer: (mono) => { inside('setTimeout'); this.#nextTimerMono = mono; },
      note: (kind, data) => { inside('note'); node.note(kind, structuredClone(data)); },
      cover: (goal) => { inside('cover'); node.cover(goal); },
      point: (name, detail) => { inside('point'); node.point(name, detail); },
      rejected: () => { this.#rejectionsFound = true; },
      rejection: (description, reason) => {
        this.fail(new RealProcessError(`real process ${node.id}: unhandled promise rejection: ${description} (Node would exit the process)`, { cause: reason }));
      },
      escape: (call, why) => {
        const error = new RealProcessError(`real process ${node.id} called ${call}: ${why}`);
        this.fail(error);
        throw error;
      },
      output: (stream, text) => {
        if (this.#outputs++ < MAX_OUTPUT_NOTES) node.note('real-output', { stream, text });
      },
      exit: (code) => {
        inside('process.exit');
        if (code !== 0) this.fail(new RealProcessError(`real process ${node.id} exited with code ${code}`));
        this.#exitRequested = true;
      },
      builtin: (name) => {
        if (name === 'globals') return hostGlobals();
        return PURE_BUILTINS.has(name) ? hostRequire(`node:${name}`) : null;
      },
      ...this.#hooks.bridge(inside),
    };
  }
}

function hostGlobals(): Record<string, unknown> {
  return {
    Buffer, TextEncoder, TextDecoder, URL, URLSearchParams, AbortController, AbortSignal, EventTarget, Event,
    DOMException, structuredClone, atob, btoa, processVersion: process.version, processVersions: { ...process.versions },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
