/**
 * `faultline check` over many files: the main thread and worker threads take files in input order from a
 * shared counter, and each outcome is handed on in input order as soon as it and every file before it are
 * done. A worker that dies makes the file it was on unknown (naming it); the files it never took are left
 * to the others, so nothing is lost and nothing waits for a dead thread.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { checkFile, crashedFile, type FileOutcome, type PreparedCheck } from './check-file.js';
import type { CheckWorkerData } from './check-worker.js';

export interface CheckFilesOptions {
  /** Threads checking files, the main one included (1: the main thread alone). */
  threads: number;
  /** The main thread takes files only once no worker is alive (for tests: a worker surely takes the first). */
  mainThreadWaits?: boolean;
  /** Each worker's limits (for tests: a worker that runs out of memory). */
  resourceLimits?: ResourceLimits;
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');

function startWorker(data: CheckWorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  const script = new URL(FROM_SOURCES ? './check-worker.ts' : './check-worker.js', import.meta.url);
  const options = { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) };
  if (!FROM_SOURCES) return new Worker(script, options);
  // Run from sources (tests): a worker does not inherit tsx's loader, so it registers it first.
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(load, { ...options, eval: true });
}

/**
 * Checks `files`, calling `emit` with each outcome in input order. `emit` returning false stops the
 * command (bad input): nothing after that file is emitted, and the workers are ended.
 */
export async function checkFiles(check: PreparedCheck, files: string[], options: CheckFilesOptions, emit: (outcome: FileOutcome) => boolean): Promise<void> {
  const n = files.length;
  const workers = Math.max(0, Math.min(options.threads, n) - 1);
  const shared = new SharedArrayBuffer(4 * (1 + workers));
  const counters = new Int32Array(shared);
  counters.fill(-1, 1);
  const outcomes: (FileOutcome | undefined)[] = new Array(n);
  let emitted = 0;
  let stopped = false;
  let wake = (): void => {};
  const changed = (): Promise<void> => new Promise((resolve) => (wake = resolve));

  const record = (i: number, outcome: FileOutcome): void => {
    if (stopped || outcomes[i] !== undefined) return;
    outcomes[i] = outcome;
    while (!stopped && emitted < n && outcomes[emitted] !== undefined) {
      if (!emit(outcomes[emitted]!)) stopped = true;
      emitted++;
    }
    if (stopped) Atomics.store(counters, 0, n);
    wake();
  };

  const live = new Set<Worker>();
  for (let slot = 0; slot < workers; slot++) {
    const worker = startWorker({ setup: check.setup, files, shared, slot }, options.resourceLimits);
    live.add(worker);
    let failure: string | undefined;
    worker.on('message', (m: { index: number; outcome: FileOutcome }) => record(m.index, m.outcome));
    worker.on('error', (e: Error & { code?: string }) => (failure ??= e.code ?? e.message));
    worker.on('exit', (code) => {
      live.delete(worker);
      // Messages it posted before it ended arrive before 'exit', so a file still open here was never finished.
      const i = Atomics.load(counters, 1 + slot);
      if (i >= 0 && i < n) record(i, crashedFile(check.setup, files[i]!, failure ?? `exit code ${code}`));
      wake();
    });
  }
  try {
    while (!stopped && emitted < n) {
      if (options.mainThreadWaits === true && live.size > 0) {
        await changed();
        continue;
      }
      const i = Atomics.add(counters, 0, 1);
      if (i >= n) {
        await changed(); // every file is taken: wait for the workers' outcomes (or deaths)
        continue;
      }
      record(i, checkFile(check, files[i]!));
      if (live.size > 0) await nextTurn(); // lets the workers' outcomes in between files
    }
  } finally {
    stopped = true;
    Atomics.store(counters, 0, n);
    await Promise.all([...live].map((w) => w.terminate()));
  }
}
