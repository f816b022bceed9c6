/**
 * `faultline check` from its one-file CommonJS bundle (`npm run build` makes it), run with its V8 code cache
 * (code-cache.ts): loading and compiling ~45 modules afresh is a large share of a short check's wall time.
 * The cache is written after the command, when it holds every function the check compiled.
 *
 * The build also bundles this file, as CommonJS: the installed command (bin/faultline.cjs) requires it for
 * `check`, so a check starts without Node's ESM loader, which costs a short check more than its own modules.
 */
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache } from './code-cache.js';
import { exitForFailure } from './command-failure.js';
import { processIo, type Io } from './io.js';
import { endOutputOnEpipe } from './output-streams.js';

export type Command = (argv: string[], io: Io) => Promise<number>;

export function bundledCheckCommand(bundle: string): Command {
  const loaded = loadWithCodeCache<typeof import('./check-command.js')>(bundle);
  return async (argv, io) => {
    const code = await loaded.exports.checkCommand(argv, io);
    // The cache is written once per bundle: by a run that checked files, not by help or bad usage, which
    // compile little of the search.
    if (code !== 2 && !argv.some((arg) => arg === '--help' || arg === '-h')) loaded.save();
    return code;
  };
}

/** `faultline check <argv>` as a process: its exit code in `process.exitCode`. */
export async function runCheckProcess(argv: string[]): Promise<void> {
  endOutputOnEpipe();
  try {
    process.exitCode = await bundledCheckCommand(fileURLToPath(new URL('./check-command.bundle.cjs', import.meta.url)))(argv, processIo);
  } catch (error) {
    process.exitCode = exitForFailure('check', error, processIo);
  }
}
