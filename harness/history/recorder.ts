import type { History, Op, OpType } from './types.js';

export interface OpCompletion {
  ok(value?: unknown): void;
  fail(value?: unknown): void;
  info(value?: unknown): void;
}

/**
 * The completion handle of one invoke. `ok` / `fail` / `info` are functions that work unbound (models pass
 * `op.info` around). For allocation's sake each read binds a private method to the handle: a bound function
 * needs no closure context, nothing is cached on the handle (so it stays three fields), and where the
 * optimizer sees a read called at once (`op.ok(v)`) it can drop the bound function altogether.
 */
class OpHandle implements OpCompletion {
  readonly #recorder: HistoryRecorder;
  readonly #client: number;
  readonly #invoke: Op;

  constructor(recorder: HistoryRecorder, client: number, invoke: Op) {
    this.#recorder = recorder;
    this.#client = client;
    this.#invoke = invoke;
  }

  get ok(): (value?: unknown) => void {
    return this.#ok.bind(this);
  }

  get fail(): (value?: unknown) => void {
    return this.#fail.bind(this);
  }

  get info(): (value?: unknown) => void {
    return this.#info.bind(this);
  }

  #ok(value?: unknown): void {
    this.#recorder.completeOp(this.#client, this.#invoke, 'ok', value);
  }

  #fail(value?: unknown): void {
    this.#recorder.completeOp(this.#client, this.#invoke, 'fail', value);
  }

  #info(value?: unknown): void {
    this.#recorder.completeOp(this.#client, this.#invoke, 'info', value);
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
    // Two literals rather than adding `key` afterwards: a property added later costs a separate backing store.
    const op: Op = key === undefined
      ? { index: this.ops.length, process, type, f, value, time }
      : { index: this.ops.length, process, type, f, value, time, key };
    this.ops.push(op);
    return op;
  }
}
