/**
 * One incarnation of a real process: a fresh vm context with the runtime's virtual globals, the user's
 * bundle evaluated in it, and its event loop driven by kernel events only. Wake-ups for its timers are
 * `ctx.sleep`s, its sockets are simulated TCP (tcp-client.ts), its history goes through the client's
 * context. Every entry into the context is a `runInContext` with microtasks drained at its end
 * (`microtaskMode: 'afterEvaluate'`), so the library's nextTick and promise interleavings are part of
 * the run: same seed, same trace hash.
 */
import { createRequire } from 'node:module';
import { createContext, Script, type Context } from 'node:vm';
import { LOCK_BELIEF } from '../check/locks/notes.js';
import type { ClientContext, OpHandle } from '../sim/types.js';
import { HOST_GLOBAL, LOOP_GLOBAL, type HostBridge, type SocketEvent } from './runtime/bridge.js';
import { compiled, runtimeScript } from './bundle.js';
import { TcpClient } from './tcp-client.js';
import { toBinary } from './tcp-segment.js';

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

interface Belief {
  lock: string;
  session: string;
  fromUs: number;
  fromWall: number;
  untilWall: number;
  token: number | null;
}

export class RealProcess {
  readonly #ctx: ClientContext;
  readonly #options: RealProcessOptions;
  readonly #tcp: TcpClient;
  readonly #context: Context;
  readonly #io: SocketEvent[] = [];
  readonly #ops = new Map<number, OpHandle>();
  readonly #beliefs = new Map<number, Belief>();
  #nextOp = 1;
  #dispatching = false;
  #nextTimerMono: number | null = null;
  /** Monotonic deadlines of the sleeps in flight (a wake that finds nothing due changes nothing). */
  readonly #wakes = new Set<number>();
  #outputs = 0;
  #finished = false;
  #exitRequested = false;
  #fatal: Error | null = null;
  #exit!: { resolve(): void; reject(error: unknown): void };
  readonly exited: Promise<void>;

  constructor(ctx: ClientContext, entryFile: string, options: RealProcessOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.exited = new Promise<void>((resolve, reject) => { this.#exit = { resolve, reject }; });
    this.#tcp = new TcpClient(ctx, (e) => this.#io.push(e), () => this.#drive());
    this.#context = createContext({ [HOST_GLOBAL]: this.#bridge() }, { microtaskMode: 'afterEvaluate', name: `faultline real process ${ctx.id}` });
    this.#enter(() => {
      runtimeScript().runInContext(this.#context);
      (this.#context as Record<string, unknown>).__faultlineEntry = compiled(entryFile).runInContext(this.#context);
      MAIN.runInContext(this.#context);
    });
    this.#settle();
  }

  /** The one door into the context from outside a kernel event: everything else is a leak. */
  #enter(fn: () => void): void {
    if (this.#finished) return;
    this.#dispatching = true;
    try {
      fn();
    } catch (error) {
      if (this.#exitRequested && this.#fatal === null) return; // process.exit() unwinding
      this.#fail(error instanceof RealProcessError ? error : new RealProcessError(`real process ${this.#ctx.id} crashed: ${describe(error)}`, { cause: error }));
    } finally {
      this.#dispatching = false;
    }
  }

  /** Runs everything due at this instant: socket events, ticks, timers, immediates; then sends and sleeps. */
  #drive(): void {
    this.#enter(() => {
      let steps = 0;
      for (;;) {
        if (this.#fatal !== null || this.#exitRequested) return;
        const event = this.#io.shift();
        if (event !== undefined) {
          (this.#context as Record<string, unknown>).__faultlineIoEvent = event;
          IO.runInContext(this.#context);
        } else if (STEP.runInContext(this.#context) !== true) {
          return;
        }
        if (++steps > MAX_STEPS_PER_EVENT) throw new RealProcessError(`real process ${this.#ctx.id} ran ${MAX_STEPS_PER_EVENT} callbacks at one instant without waiting (a setImmediate or nextTick loop?)`);
      }
    });
    this.#settle();
  }

  #settle(): void {
    if (this.#finished) return;
    if (this.#fatal !== null) {
      this.#finish();
      return;
    }
    let alive = false;
    this.#enter(() => { alive = SETTLE.runInContext(this.#context) === true; });
    this.#tcp.flush();
    if (this.#io.length > 0) {
      this.#drive();
      return;
    }
    if (!alive || this.#fatal !== null || this.#exitRequested) {
      this.#finish();
      return;
    }
    this.#armWake();
  }

  #armWake(): void {
    const next = this.#nextTimerMono;
    if (next === null) return;
    for (const w of this.#wakes) if (w <= next) return;
    const delayMs = Math.max(0, Math.round((next - this.#ctx.monotonicNow()) * 1000)) / 1000;
    this.#wakes.add(next);
    this.#ctx.sleep(delayMs).then(() => {
      this.#wakes.delete(next);
      this.#drive();
    });
  }

  #fail(error: Error): void {
    if (this.#fatal === null) this.#fatal = error;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#tcp.close();
    if (this.#fatal !== null) this.#exit.reject(this.#fatal);
    else this.#exit.resolve();
  }

  /** The host bridge: every call from the process lands here, and must come from inside a kernel event. */
  #bridge(): HostBridge {
    const ctx = this.#ctx;
    // A call from outside a kernel event (a host callback that leaked in) fails the process at once; it
    // is not thrown, as it would land in the host's own loop.
    const inside = (call: string): void => {
      if (this.#dispatching || this.#finished) return;
      this.#fail(new RealProcessError(`real process ${ctx.id} called ${call} outside the simulation's event loop: a host timer, promise or I/O callback leaked into the process`));
      this.#finish();
    };
    return {
      id: ctx.id,
      env: { ...this.#options.env },
      argv: [...(this.#options.args ?? [])],
      wallNow: () => { inside('Date.now'); return ctx.wallNow(); },
      monotonicNow: () => { inside('performance.now'); return ctx.monotonicNow(); },
      random: () => { inside('Math.random'); return ctx.rng.next(); },
      randomFill: (bytes) => {
        inside('crypto.randomBytes');
        for (let i = 0; i < bytes.length; i++) bytes[i] = ctx.rng.int(0, 255);
      },
      nextTimer: (mono) => { inside('setTimeout'); this.#nextTimerMono = mono; },
      connect: (host, port) => {
        inside('net.connect');
        const server = this.#options.hosts?.[host] ?? host;
        const id = this.#tcp.connect(server, port);
        if (!ctx.servers.includes(server)) this.#tcp.refuse(id, `connect ECONNREFUSED ${host}:${port}`);
        return id;
      },
      write: (conn, data) => { inside('socket.write'); this.#tcp.write(conn, toBinary(data)); },
      end: (conn) => { inside('socket.end'); this.#tcp.end(conn); },
      destroy: (conn) => { inside('socket.destroy'); this.#tcp.destroy(conn); },
      resolve: (name) => {
        inside('dns.lookup');
        const server = this.#options.hosts?.[name] ?? name;
        return ctx.servers.includes(server) ? name : null;
      },
      stopping: () => { inside('stopping'); return ctx.stopping; },
      invoke: (f, value, key) => {
        inside('invoke');
        const op = this.#nextOp++;
        this.#ops.set(op, ctx.invoke(f, structuredClone(value), key));
        return op;
      },
      complete: (op, type, value) => {
        inside(type);
        const handle = this.#ops.get(op);
        if (handle === undefined) throw new RealProcessError(`real process ${ctx.id}: operation ${op} completed twice`);
        this.#ops.delete(op);
        handle[type](structuredClone(value));
      },
      note: (kind, data) => { inside('note'); ctx.note(kind, structuredClone(data)); },
      cover: (goal) => { inside('cover'); ctx.cover(goal); },
      point: (name, detail) => { inside('point'); ctx.point(name, detail); },
      lockHeld: (lock, session, untilWall, token) => {
        inside('lockHeld');
        const id = this.#nextOp++;
        this.#beliefs.set(id, { lock, session, fromUs: Math.round(ctx.trueNow() * 1000), fromWall: ctx.wallNow(), untilWall, token });
        return id;
      },
      lockReleased: (id) => {
        inside('lockReleased');
        const b = this.#beliefs.get(id);
        if (b === undefined) return;
        this.#beliefs.delete(id);
        ctx.note(LOCK_BELIEF, { lock: b.lock, client: ctx.id, session: b.session, fromUs: b.fromUs, toUs: this.#beliefEnd(b), token: b.token });
      },
      escape: (call, why) => {
        const error = new RealProcessError(`real process ${ctx.id} called ${call}: ${why}`);
        this.#fail(error);
        throw error;
      },
      output: (stream, text) => {
        if (this.#outputs++ < MAX_OUTPUT_NOTES) ctx.note('real-output', { stream, text });
      },
      exit: (code) => {
        inside('process.exit');
        if (code !== 0) this.#fail(new RealProcessError(`real process ${ctx.id} exited with code ${code}`));
        this.#exitRequested = true;
      },
      builtin: (name) => {
        if (name === 'globals') return hostGlobals();
        return PURE_BUILTINS.has(name) ? hostRequire(`node:${name}`) : null;
      },
    };
  }

  /**
   * Until when the process believed it held a lock, in true time: until it let go, or until its wall
   * clock passed the validity deadline, interpolated between the grant and now (a jump of its own clock
   * moves the deadline as the process sees it).
   */
  #beliefEnd(b: Belief): number {
    const endUs = Math.round(this.#ctx.trueNow() * 1000);
    const endWall = this.#ctx.wallNow();
    if (endWall < b.untilWall) return endUs;
    const span = endWall - b.fromWall;
    const rate = span > 0 ? (endUs - b.fromUs) / span : 1000;
    return Math.min(endUs, Math.max(b.fromUs, Math.round(b.fromUs + (b.untilWall - b.fromWall) * rate)));
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
