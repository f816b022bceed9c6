/** The `faultline` process: runs the CLI on this process's arguments and exits with its code. */
import { main } from './main.js';

// Stacks from user modules (bundled with inline source maps) name their own files and lines.
process.setSourceMapsEnabled(true);
process.exitCode = await main(process.argv.slice(2));
