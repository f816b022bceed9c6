import type { History, Op, OpType } from './types.js';

export interface OpCompletion {
  ok(value?: unknown): void;
  fail(value?: unknown): void;
  info(value?: unknown): void;
}

/**
 * Builds a history as clients run. One open operation per process; after an `info` the client moves to a
 * fresh process number (as Jepsen does), because the old process may still be acting on the world.
 */
export class HistoryRecorder {
  readonly ops: History = [];
  readonly #open = new Map<number, Op>();
  readonly #processOfClient: number[] = [];
  readonly #clientCount: number;
  #clock: () => number = () => 0;

  constructor(clientCount: number) {
    this.#clientCount = clientCount;
    for (let i = 0; i < clientCount; i++) this.#processOfClient.push(i);
  }

  processOf(client: number): number {
    return this.#processOfClient[client] as number;
  }

  invoke(client: number, f: string, value: unknown, timeUs: number, key?: string): OpCompletion {
    const process = this.processOf(client);
    const open = this.#open.get(process);
    if (open !== undefined) {
      throw new Error(`process ${process} invoked ${f} while its ${open.f} (op ${open.index}) is still open`);
    }
    const invoke = this.#push(process, 'invoke', f, value, timeUs, key);
    this.#open.set(process, invoke);
    const complete = (type: OpType) => (result?: unknown) => {
      if (this.#open.get(process) !== invoke) throw new Error(`op ${invoke.index} (${f} by process ${process}) completed twice`);
      this.#complete(client, invoke, type, result === undefined ? invoke.value : result, this.#clock());
    };
    return { ok: complete('ok'), fail: complete('fail'), info: complete('info') };
  }

  /** Ends every open operation of a client as indeterminate (its process crashed or the run ended). */
  abandon(client: number, timeUs: number): void {
    const process = this.processOf(client);
    const open = this.#open.get(process);
    if (open !== undefined) this.#complete(client, open, 'info', open.value, timeUs);
  }

  /** The recorder stamps completions with the kernel's current true time. */
  useClock(clock: () => number): void {
    this.#clock = clock;
  }

  #complete(client: number, invoke: Op, type: OpType, value: unknown, timeUs: number): void {
    this.#open.delete(invoke.process);
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
