import type { History, Op, OpType } from './types.js';

export interface OpCompletion {
  ok(value?: unknown): void;
  fail(value?: unknown): void;
  info(value?: unknown): void;
}

/**
 * The completion handle of one invoke. `ok` / `fail` / `info` are functions that work unbound (models pass
 * `op.info` around), made only when first read: an operation usually completes one way, so it costs one
 * closure instead of three.
 */
class OpHandle implements OpCompletion {
  readonly #recorder: HistoryRecorder;
  readonly #client: number;
  readonly #invoke: Op;
  #ok: ((value?: unknown) => void) | null = null;
  #fail: ((value?: unknown) => void) | null = null;
  #info: ((value?: unknown) => void) | null = null;

  constructor(recorder: HistoryRecorder, client: number, invoke: Op) {
    this.#recorder = recorder;
    this.#client = client;
    this.#invoke = invoke;
  }

  get ok(): (value?: unknown) => void {
    return (this.#ok ??= (value?: unknown) => this.#recorder.completeOp(this.#client, this.#invoke, 'ok', value));
  }

  get fail(): (value?: unknown) => void {
    return (this.#fail ??= (value?: unknown) => this.#recorder.completeOp(this.#client, this.#invoke, 'fail', value));
  }

  get info(): (value?: unknown) => void {
    return (this.#info ??= (value?: unknown) => this.#recorder.completeOp(this.#client, this.#invoke, 'info', value));
  }
}

/**
 * Builds a history as clients run. One open operation per process; after an `info` the client moves to a
 * fresh process number (as Jepsen does), because the old process may still be acting on the world.
 */
export class HistoryRecorder {
  readonly ops: History = [];
  /**
   * The open operation of each client's current process (a client's process only changes when an op
   * completes with `info`, so "open op of the process" and "open op of the client" are the same thing).
   */
  readonly #open: (Op | null)[] = [];
  readonly #processOfClient: number[] = [];
  readonly #clientCount: number;
  #clock: () => number = () => 0;

  constructor(clientCount: number) {
    this.#clientCount = clientCount;
    for (let i = 0; i < clientCount; i++) {
      this.#processOfClient.push(i);
      this.#open.push(null);
    }
  }

  processOf(client: number): number {
    return this.#processOfClient[client] as number;
  }

  invoke(client: number, f: string, value: unknown, timeUs: number, key?: string): OpCompletion {
    const process = this.processOf(client);
    const open = this.#open[client] ?? null;
    if (open !== null) {
      throw new Error(`process ${process} invoked ${f} while its ${open.f} (op ${open.index}) is still open`);
    }
    const invoke = this.#push(process, 'invoke', f, value, timeUs, key);
    this.#open[client] = invoke;
    return new OpHandle(this, client, invoke);
  }

  /** Completes an invoke made by `invoke` (through its handle), stamped with the recorder's clock. */
  completeOp(client: number, invoke: Op, type: OpType, result: unknown): void {
    if (this.#open[client] !== invoke) throw new Error(`op ${invoke.index} (${invoke.f} by process ${invoke.process}) completed twice`);
    this.#complete(client, invoke, type, result === undefined ? invoke.value : result, this.#clock());
  }

  /** Ends every open operation of a client as indeterminate (its process crashed or the run ended). */
  abandon(client: number, timeUs: number): void {
    const open = this.#open[client] ?? null;
    if (open !== null) this.#complete(client, open, 'info', open.value, timeUs);
  }

  /** The recorder stamps completions with the kernel's current true time. */
  useClock(clock: () => number): void {
    this.#clock = clock;
  }

  #complete(client: number, invoke: Op, type: OpType, value: unknown, timeUs: number): void {
    this.#open[client] = null;
    this.#push(invoke.process, type, invoke.f, value, timeUs, invoke.key);
    if (type === 'info') this.#processOfClient[client] = invoke.process + this.#clientCount;
  }

  #push(process: number, type: OpType, f: string, value: unknown, time: number, key: string | undefined): Op {
    const op: Op = { index: this.ops.length, process, type, f, value, time };
    if (key !== undefined) op.key = key;
    this.ops.push(op);
    return op;
  }
}
