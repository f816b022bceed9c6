/** The `faultline` process: runs the CLI on this process's arguments and exits with its code. */
import { main } from './main.js';
import { endOutputOnEpipe } from './output-streams.js';

// Stacks from user modules (bundled with inline source maps) name their own files and lines. `check` loads
// no user module, and reading the source map of every module it loads would cost it 10-15 ms of start-up.
if (process.argv[2] !== 'check') process.setSourceMapsEnabled(true);
endOutputOnEpipe();
process.exitCode = await main(process.argv.slice(2));
