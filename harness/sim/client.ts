import { enterSimulatedCode, type Where } from '../guard/runtime-guard.js';
import type { HistoryRecorder } from '../history/recorder.js';
import type { Endpoint } from './endpoint.js';
import { EventKind, type TimerRecord } from './events.js';
import type { CallResult, ClientContext, ClientWorkload, Envelope, NodeId, OpHandle } from './types.js';

/** The kernel services a client runtime needs. */
export interface ClientKernel {
  readonly nowUs: number;
  readonly serverIds: readonly NodeId[];
  readonly recorder: HistoryRecorder;
  readonly stopping: boolean;
  send(from: Endpoint, to: NodeId, body: unknown, inReplyTo?: number): number;
  startTimer(ep: Endpoint, kind: EventKind, delayMs: number, payload: unknown): TimerRecord;
  cancelTimer(ep: Endpoint, timer: TimerRecord): void;
  monotonicMs(ep: Endpoint): number;
  wallMs(ep: Endpoint): number;
  note(ep: Endpoint, kind: string, data: Record<string, unknown>): void;
  cover(goal: string): void;
  point(ep: Endpoint, name: string, detail?: string): void;
}

const TIMEOUT: CallResult = Object.freeze({ status: 'timeout' });
/** `RESOLVED.then(f)` queues `f` as the next microtask, as `queueMicrotask(f)` would. */
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * One incarnation of a client workload. The workload is an async function; every promise it awaits is
 * settled by a kernel event, and the kernel lets the continuation run to its next await before the next
 * event (see the settle loop in Simulation.run), so interleavings are a function of the seed alone.
 */
export class ClientRuntime {
  /** True while the workload waits on the kernel; false between a resumption and its next await. */
  blocked = false;
  done = false;
  error: unknown = null;
  /**
   * Calls awaiting a reply, as parallel arrays (message id, resolver, timeout timer): usually one entry,
   * so a scan beats a Map and adds or removes allocate nothing.
   */
  readonly #pendingIds: number[] = [];
  readonly #pendingResolve: ((result: CallResult) => void)[] = [];
  readonly #pendingTimeout: TimerRecord[] = [];
  /** `new Promise(this.#capture)` hands its resolver over without a fresh executor closure per call. */
  #captured: ((value: never) => void) | null = null;
  readonly #capture = (resolve: (value: never) => void): void => {
    this.#captured = resolve;
  };
  readonly ctx: ClientContext;
  /** Opens this client's guard window (see #resume). */
  readonly #enterWindow: () => void;

  constructor(kernel: ClientKernel, ep: Endpoint) {
    const runtime = this;
    const clientIndex = ep.clientIndex;
    this.#kernel = kernel;
    this.#ep = ep;
    const where: Where = () => `the simulation, in ${ep.id}`;
    this.#enterWindow = () => { enterSimulatedCode(where); };
    this.ctx = {
      id: ep.id,
      get process() {
        return kernel.recorder.processOf(clientIndex);
      },
      servers: kernel.serverIds,
      call<B>(to: NodeId, body: unknown, options: { timeoutMs: number }): Promise<CallResult<B>> {
        return runtime.#call(to, body, options) as Promise<CallResult<B>>;
      },
      send(to: NodeId, body: unknown): void {
        kernel.send(ep, to, body);
      },
      sleep(ms: number): Promise<void> {
        return runtime.#sleep(ms);
      },
      monotonicNow: () => kernel.monotonicMs(ep),
      wallNow: () => kernel.wallMs(ep),
      trueNow: () => kernel.nowUs / 1000,
      rng: ep.rng,
      invoke(f: string, value?: unknown, key?: string): OpHandle {
        return kernel.recorder.invoke(clientIndex, f, value ?? null, kernel.nowUs, key);
      },
      note: (kind, data) => kernel.note(ep, kind, data),
      cover: (goal) => { kernel.cover(goal); kernel.point(ep, goal); },
      point: (name, detail) => kernel.point(ep, name, detail),
      get stopping() {
        return kernel.stopping;
      },
    };
  }

  readonly #kernel: ClientKernel;
  readonly #ep: Endpoint;

  #call(to: NodeId, body: unknown, options: { timeoutMs: number }): Promise<CallResult> {
    const promise = new Promise<CallResult>(this.#capture);
    const resolve = this.#captured as (result: CallResult) => void;
    this.#captured = null;
    let id: number;
    let timeout: TimerRecord;
    try {
      id = this.#kernel.send(this.#ep, to, body);
      timeout = this.#kernel.startTimer(this.#ep, EventKind.CallTimeout, options.timeoutMs, id);
    } catch (error) {
      // As when this ran inside a promise executor: a bad call rejects its promise rather than throwing.
      return Promise.reject(error);
    }
    this.#pendingIds.push(id);
    this.#pendingResolve.push(resolve);
    this.#pendingTimeout.push(timeout);
    this.blocked = true;
    return promise;
  }

  #sleep(ms: number): Promise<void> {
    const promise = new Promise<void>(this.#capture);
    const resolve = this.#captured as () => void;
    this.#captured = null;
    try {
      this.#kernel.startTimer(this.#ep, EventKind.ClientWake, ms, resolve);
    } catch (error) {
      return Promise.reject(error);
    }
    this.blocked = true;
    return promise;
  }

  /** Removes a pending call by position (order among pending calls does not matter: lookups are by id). */
  #take(i: number): (result: CallResult) => void {
    const resolve = this.#pendingResolve[i] as (result: CallResult) => void;
    const last = this.#pendingIds.length - 1;
    if (i !== last) {
      this.#pendingIds[i] = this.#pendingIds[last] as number;
      this.#pendingResolve[i] = this.#pendingResolve[last] as (result: CallResult) => void;
      this.#pendingTimeout[i] = this.#pendingTimeout[last] as TimerRecord;
    }
    this.#pendingIds.pop();
    this.#pendingResolve.pop();
    this.#pendingTimeout.pop();
    return resolve;
  }

  start(workload: ClientWorkload): void {
    this.blocked = false;
    workload(this.ctx).then(
      () => { this.done = true; },
      (error: unknown) => { this.error = error; this.done = true; },
    );
  }

  /** A reply resumes its call; returns false for a late reply (the call timed out) or an unsolicited message. */
  deliver(message: Envelope): boolean {
    const callId = message.inReplyTo;
    if (callId === undefined) return false;
    const i = this.#pendingIds.indexOf(callId);
    if (i < 0) return false;
    const timeout = this.#pendingTimeout[i] as TimerRecord;
    const resolve = this.#take(i);
    this.#kernel.cancelTimer(this.#ep, timeout);
    this.#resume(resolve, { status: 'ok', body: message.body, from: message.from });
    return true;
  }

  timeout(callId: number): void {
    const i = this.#pendingIds.indexOf(callId);
    if (i < 0) return;
    this.#resume(this.#take(i), TIMEOUT);
  }

  wake(resolve: () => void): void {
    this.#resume(resolve, undefined);
  }

  /**
   * Settles the promise the workload is blocked on, inside a determinism-guard window that holds exactly
   * the workload's continuation: `resolve` queues the reactions to this promise (the code after the
   * workload's `await`); the microtask that opens the window is queued right before them, and the kernel
   * queues its next settle turn, which closes the window, right after them (see SettleTurns), all
   * synchronously, so nothing of anyone else's can sit in between. Whatever the continuation queues lands
   * after that turn, so code that resumes only after awaiting something other than the kernel (a helper
   * async function's return, Promise.all) runs outside any window: from there on its microtasks
   * interleave with other code's (a concurrent run, the test framework) and cannot be told apart, and
   * guarding them would fail innocent code. The static lint covers those paths.
   */
  #resume<T>(resolve: (value: T) => void, value: T): void {
    this.blocked = false;
    RESOLVED.then(this.#enterWindow);
    resolve(value);
  }
}
