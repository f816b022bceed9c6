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
}

interface PendingCall {
  resolve(result: CallResult): void;
  timeout: TimerRecord;
}

const TIMEOUT: CallResult = Object.freeze({ status: 'timeout' });

/**
 * One incarnation of a client workload. The workload is an async function; every promise it awaits is
 * settled by a kernel event, and the kernel lets the continuation run to its next await before the next
 * event (see Simulation.#settle), so interleavings are a function of the seed alone.
 */
export class ClientRuntime {
  /** True while the workload waits on the kernel; false between a resumption and its next await. */
  blocked = false;
  done = false;
  error: unknown = null;
  readonly #pending = new Map<number, PendingCall>();
  readonly ctx: ClientContext;

  constructor(kernel: ClientKernel, ep: Endpoint) {
    const runtime = this;
    const clientIndex = ep.clientIndex;
    this.ctx = {
      id: ep.id,
      get process() {
        return kernel.recorder.processOf(clientIndex);
      },
      servers: kernel.serverIds,
      call<B>(to: NodeId, body: unknown, options: { timeoutMs: number }): Promise<CallResult<B>> {
        return new Promise<CallResult<B>>((resolve) => {
          const id = kernel.send(ep, to, body);
          const timeout = kernel.startTimer(ep, EventKind.CallTimeout, options.timeoutMs, id);
          runtime.#pending.set(id, { resolve: resolve as (r: CallResult) => void, timeout });
          runtime.blocked = true;
        });
      },
      send(to: NodeId, body: unknown): void {
        kernel.send(ep, to, body);
      },
      sleep(ms: number): Promise<void> {
        return new Promise<void>((resolve) => {
          kernel.startTimer(ep, EventKind.ClientWake, ms, resolve);
          runtime.blocked = true;
        });
      },
      monotonicNow: () => kernel.monotonicMs(ep),
      wallNow: () => kernel.wallMs(ep),
      trueNow: () => kernel.nowUs / 1000,
      rng: ep.rng,
      invoke(f: string, value?: unknown, key?: string): OpHandle {
        return kernel.recorder.invoke(clientIndex, f, value ?? null, kernel.nowUs, key);
      },
      note: (kind, data) => kernel.note(ep, kind, data),
      cover: (goal) => kernel.cover(goal),
      get stopping() {
        return kernel.stopping;
      },
    };
    this.#kernel = kernel;
    this.#ep = ep;
  }

  readonly #kernel: ClientKernel;
  readonly #ep: Endpoint;

  start(workload: ClientWorkload): void {
    this.blocked = false;
    workload(this.ctx).then(
      () => { this.done = true; },
      (error: unknown) => { this.error = error; this.done = true; },
    );
  }

  /** A reply resumes its call; returns false for a late reply (the call timed out) or an unsolicited message. */
  deliver(message: Envelope): boolean {
    if (message.inReplyTo === undefined) return false;
    const call = this.#pending.get(message.inReplyTo);
    if (call === undefined) return false;
    this.#pending.delete(message.inReplyTo);
    this.#kernel.cancelTimer(this.#ep, call.timeout);
    this.blocked = false;
    call.resolve({ status: 'ok', body: message.body, from: message.from });
    return true;
  }

  timeout(callId: number): void {
    const call = this.#pending.get(callId);
    if (call === undefined) return;
    this.#pending.delete(callId);
    this.blocked = false;
    call.resolve(TIMEOUT);
  }

  wake(resolve: () => void): void {
    this.blocked = false;
    resolve();
  }
}
