/** Progress on stderr: a bar redrawn in place on a terminal, plain lines every tenth of the way otherwise. */
import type { RunResult } from '../run/run-once.js';
import type { Io } from './io.js';

const BAR_WIDTH = 30;

export interface Progress {
  update(done: number, total: number, result: RunResult): void;
  /** Ends the bar line (before other output). */
  done(): void;
}

export function progress(io: Io, quiet = false): Progress {
  let drawn = false;
  let lastTenth = -1;
  let failures = 0;
  return {
    update(done, total, result) {
      if (quiet) return;
      if (result.verdict !== 'pass') failures++;
      if (io.isTTY) {
        const filled = Math.round((done / Math.max(1, total)) * BAR_WIDTH);
        io.errRaw(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} non-pass ${failures}  ${result.scenario} seed ${result.seed}: ${result.verdict}\u001b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((done * 10) / Math.max(1, total));
      if (tenth !== lastTenth || done === total) {
        lastTenth = tenth;
        io.err(`progress: ${done}/${total} runs, ${failures} not passing (last: ${result.scenario} seed ${result.seed} ${result.verdict})`);
      }
    },
    done() {
      if (drawn) io.errRaw('\n');
      drawn = false;
    },
  };
}
