/** The `faultline` command line: run, replay, list, check, merge. */
import { checkCommand } from './check-command.js';
import { exportCommand, EXPORT_USAGE } from './export-command.js';
import { captureIo, processIo, type Io } from './io.js';
import { listCommand, LIST_USAGE } from './list-command.js';
import { mergeCommand, MERGE_USAGE } from './merge-command.js';
import { replayCommand, REPLAY_USAGE } from './replay-command.js';
import { runCommand, RUN_USAGE } from './run-command.js';
import { WriteError } from '../run/files.js';
import { UsageError } from '../run/registry.js';

export { captureIo };

const COMMANDS: Record<string, { summary: string; usage: string | null; run: (argv: string[], io: Io) => Promise<number> }> = {
  run: { summary: 'run scenarios over many seeds, shrink failures, write replay files and the report', usage: RUN_USAGE, run: runCommand },
  replay: { summary: 're-run a replay file, prove its trace hash, write the report', usage: REPLAY_USAGE, run: replayCommand },
  list: { summary: 'list the scenarios (id, tags, expectation, description)', usage: LIST_USAGE, run: listCommand },
  check: { summary: 'check history files for linearizability', usage: null, run: checkCommand },
  merge: { summary: 'combine shard results (faultline run --shard i/n) into one summary and report', usage: MERGE_USAGE, run: mergeCommand },
  export: { summary: "write a run's history as Jepsen EDN, JSON lines or Porcupine's formats", usage: EXPORT_USAGE, run: exportCommand },
};

export const USAGE = `usage: faultline <command> [flags]     (faultline <command> --help for its flags)

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(7)} ${c.summary}`).join('\n')}

examples:
  faultline run smoke                       every scenario tagged smoke
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
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof WriteError) {
      io.err(error.message.startsWith('faultline') ? error.message : `faultline ${command}: ${error.message}`);
      return 2;
    }
    io.err(`faultline ${command}: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 3;
  }
}
