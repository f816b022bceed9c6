/** The `faultline` process: runs the CLI on this process's arguments and exits with its code. */
import { main } from './main.js';

// Stacks from user modules (bundled with inline source maps) name their own files and lines. `check` loads
// no user module, and reading the source map of every module it loads would cost it 10-15 ms of start-up.
if (process.argv[2] !== 'check') process.setSourceMapsEnabled(true);
// A reader that goes away (`faultline list | head`) ends the output, not the command: a run still writes
// its artifacts and exits with its own code. Any other stream error stays fatal.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
process.exitCode = await main(process.argv.slice(2));
