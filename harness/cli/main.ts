/**
 * The `faultline` command line: run, replay, list, check, merge, lint. Each command's module is loaded only
 * when it runs, so `faultline --help` (and every command) starts without loading the others.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureIo, processIo, type Io } from './io.js';
import { WriteError } from '../run/files.js';
import { UsageError } from '../run/usage-error.js';

export { captureIo };

type Command = (argv: string[], io: Io) => Promise<number>;

/**
 * The check command, from the one-file CommonJS bundle `npm run build` makes, run with its V8 code cache
 * (code-cache.ts): loading and compiling ~45 modules afresh is a large share of a short check's wall time.
 * The cache is written after the command, when it holds every function the check compiled.
 */
async function loadCheckCommand(): Promise<Command> {
  const bundle = fileURLToPath(new URL('./check-command.bundle.cjs', import.meta.url));
  if (import.meta.url.endsWith('.ts') || !existsSync(bundle)) return (await import('./check-command.js')).checkCommand;
  const { loadWithCodeCache } = await import('./code-cache.js');
  const loaded = loadWithCodeCache<typeof import('./check-command.js')>(bundle);
  return async (argv, io) => {
    try {
      return await loaded.exports.checkCommand(argv, io);
    } finally {
      loaded.save();
    }
  };
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  run: { summary: 'run scenarios over many seeds, shrink failures, write replay files and the report', load: async () => (await import('./run-command.js')).runCommand },
  replay: { summary: 're-run a replay file, prove its trace hash, write the report', load: async () => (await import('./replay-command.js')).replayCommand },
  list: { summary: 'list the scenarios (id, tags, expectation, description)', load: async () => (await import('./list-command.js')).listCommand },
  check: { summary: 'check history files for linearizability', load: loadCheckCommand },
  merge: { summary: 'combine shard results (faultline run --shard i/n) into one summary and report', load: async () => (await import('./merge-command.js')).mergeCommand },
  export: { summary: "write a run's history as Jepsen EDN, JSON lines or Porcupine's formats", load: async () => (await import('./export-command.js')).exportCommand },
  lint: { summary: 'find ambient time, randomness, timers and I/O in model files (the determinism lint)', load: async () => (await import('./lint-command.js')).lintCommand },
};

export const USAGE = `usage: faultline <command> [flags]     (faultline <command> --help for its flags)

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(7)} ${c.summary}`).join('\n')}

examples:
  faultline run smoke                       every scenario tagged smoke
  faultline run ./sim/lock.scenario.ts      the scenarios of a module of your own ('sim/**/*.scenario.ts': many)
  faultline run examples/primary-backup --seeds 50 --workers 2
  faultline replay faultline-out/replays/examples__primary-backup-seed3-shrunk.replay
  faultline run nightly --shard 1/4 --out shard1 && faultline merge shard1 shard2 shard3 shard4

exit codes: 0 as expected, 1 failure found (or expected violation missed, coverage goal unmet), 2 bad usage or input, 3 unknown`;

/** Runs the CLI; returns the exit code. Bad input prints a message (never a stack) and returns 2. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const { FAULTLINE_VERSION } = await import('../run/version.js');
    io.out(FAULTLINE_VERSION);
    return 0;
  }
  const entry = COMMANDS[command];
  if (entry === undefined) {
    io.err(`faultline: unknown command "${command}"; valid commands: ${Object.keys(COMMANDS).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await entry.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof WriteError) {
      io.err(error.message.startsWith('faultline') ? error.message : `faultline ${command}: ${error.message}`);
      return 2;
    }
    io.err(`faultline ${command}: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 3;
  }
}
