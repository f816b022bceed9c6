/**
 * A worker thread of `faultline check`: takes the next unclaimed file from the shared counter, checks it
 * and posts its outcome, until none is left. It notes the file it is on in its slot, so the main thread
 * can name that file if the worker dies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, prepareCheck, type CheckSetup } from './check-file.js';

export interface CheckWorkerData {
  setup: CheckSetup;
  files: string[];
  /** Int32 [0]: the next file to claim; [1 + slot]: the file this worker is checking, or -1. */
  shared: SharedArrayBuffer;
  slot: number;
}

const { setup, files, shared, slot } = workerData as CheckWorkerData;
const counters = new Int32Array(shared);
const check = prepareCheck(setup);
for (let i = Atomics.add(counters, 0, 1); i < files.length; i = Atomics.add(counters, 0, 1)) {
  Atomics.store(counters, 1 + slot, i);
  parentPort!.postMessage({ index: i, outcome: checkFile(check, files[i]!) });
  Atomics.store(counters, 1 + slot, -1);
}
