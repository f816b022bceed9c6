/**
 * The `faultline` command line: run, replay, list, check, merge, lint. Each command's module is loaded only
 * when it runs, so `faultline --help` (and every command) starts without loading the others.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from './check-launch.js';
import { exitForFailure } from './command-failure.js';
import { captureIo, processIo, type Io } from './io.js';

export { captureIo };

/** The check command from its bundle (check-launch.ts); from its modules when running from sources or unbuilt. */
async function loadCheckCommand(): Promise<Command> {
  const bundle = fileURLToPath(new URL('./check-command.bundle.cjs', import.meta.url));
  if (import.meta.url.endsWith('.ts') || !existsSync(bundle)) return (await import('./check-command.js')).checkCommand;
  return (await import('./check-launch.js')).bundledCheckCommand(bundle);
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
    return exitForFailure(command, error, io);
  }
}
