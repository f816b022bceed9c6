import { leaveSimulatedCode } from '../guard/runtime-guard.js';
import type { ClientRuntime } from './client.js';
import type { StopReason } from './types.js';

/** What the settle turns drive: the kernel's synchronous event loop and the end of its run. */
export interface TurnKernel {
  /**
   * Runs events until the run is over, returning why, or until an event resumed a client workload,
   * returning that client (its continuation has not run yet).
   */
  advance(): StopReason | ClientRuntime;
  /** Whether `stop()` was called during the run. */
  stopRequested(): boolean;
  /** The resumed client is blocked on the kernel again or done (called before its extra turn). */
  settled(runtime: ClientRuntime): void;
  /** Ends the run: resolves it with `reason`, or rejects it with `error` when `reason` is null. */
  end(reason: StopReason | null, error: unknown): void;
}

/** Client continuations get this many microtask turns before the kernel falls back to a macrotask drain. */
const SETTLE_SPINS = 16;
const realSetImmediate = globalThis.setImmediate; // determinism-lint: allow the kernel's own macrotask drain (see SettleTurns), captured before any guard
/** One already-settled promise: `RESOLVED.then(f)` runs `f` one microtask turn later, as `await null` would resume. */
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Drives a run of the kernel's event loop so that async client workloads run between kernel events.
 *
 * The loop is driven by callbacks rather than an async function: a client resumption costs a few
 * microtask turns (`RESOLVED.then(callback)`, no await machinery), in exactly the turns and order an
 * `await` per turn would take:
 *   - after an event that resumed a client, one turn at a time (up to SETTLE_SPINS) until the workload is
 *     blocked on the kernel again or done; if it is still running then (deeper promise chains:
 *     Promise.all, helper async functions), a real macrotask: it runs only once every microtask has
 *     drained, so the continuation has certainly reached its next await (plus one turn);
 *   - then one more turn before the next event, so continuations still pending get it too.
 * Every callback is a bound field: a turn allocates no closure.
 */
export class SettleTurns {
  readonly #kernel: TurnKernel;
  /** The client runtime being settled after a resumption, and how many microtask turns it has had. */
  #settling: ClientRuntime | null = null;
  #spins = 0;

  constructor(kernel: TurnKernel) {
    this.#kernel = kernel;
  }

  /** Runs events until the run ends (settling it) or a client resumption needs microtask turns. */
  pump(): void {
    const kernel = this.#kernel;
    let reason: StopReason;
    try {
      const next = kernel.advance();
      if (typeof next !== 'string') {
        this.#settle(next);
        return;
      }
      reason = next;
    } catch (error) {
      kernel.end(null, error);
      return;
    }
    kernel.end(reason, undefined);
  }

  /** Lets the resumed client workload run to its next await before the kernel moves on. */
  #settle(runtime: ClientRuntime): void {
    this.#settling = runtime;
    this.#spins = 0;
    if (!runtime.blocked && !runtime.done) {
      RESOLVED.then(this.#settleTurn);
    } else {
      this.#settled();
    }
  }

  /**
   * One microtask turn of a client resumption. The first one runs right after the continuation the
   * resumption queued, and closes that continuation's guard window (see ClientRuntime#resume); windows
   * never overlap, so at the later turns there is no window open and clearing is harmless.
   */
  readonly #settleTurn = (): void => {
    leaveSimulatedCode(null);
    const runtime = this.#settling as ClientRuntime;
    this.#spins++;
    if (!runtime.blocked && !runtime.done) {
      if (this.#spins < SETTLE_SPINS) {
        RESOLVED.then(this.#settleTurn);
      } else {
        realSetImmediate(this.#settleDrained);
      }
      return;
    }
    this.#settled();
  };

  /** The macrotask fallback ran: every microtask has drained. One turn (the awaited promise's), then on. */
  readonly #settleDrained = (): void => {
    RESOLVED.then(this.#settledAfterDrain);
  };

  readonly #settledAfterDrain = (): void => {
    this.#settled();
  };

  /** The resumed client is blocked or done: the kernel notes it, then one more turn before the next event. */
  #settled(): void {
    const runtime = this.#settling as ClientRuntime;
    this.#settling = null;
    this.#kernel.settled(runtime);
    RESOLVED.then(this.#continueRun);
  }

  readonly #continueRun = (): void => {
    if (this.#kernel.stopRequested()) this.#kernel.end('stopped', undefined);
    else this.pump();
  };
}
