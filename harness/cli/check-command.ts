import { parseArgs } from 'node:util';
import { initialOf, ModelOptionError, modelNames } from '../check/models/registry.js';
import { formats } from '../history/formats/index.js';
import { positiveInt, positiveNumber } from './args.js';
import { prepareCheck, type PreparedCheck } from './check-file.js';
import { checkFiles, type CheckFilesOptions } from './check-files.js';
import { processIo, type Io } from './io.js';

const USAGE = `usage: faultline check --model <name> --format <format> FILE... [--initial VALUE] [--independent] [--budget-ms N] [--budget-mb MB] [--workers N] [--json]
  --model      ${modelNames.join(', ')}
  --format     ${Object.keys(formats).join(', ')}
               edn and jsonl follow Jepsen: a :fail did not happen (dropped), a completed read of nil is
               unknown; the porcupine formats (and faultline's own runs): a failed cas saw another value
  --initial    the initial state, an EDN or JSON value: 0, "x", {:x 0 :y 0}, [1 2] (default: the model's)
  --independent  values are [key value] tuples (Jepsen's jepsen.independent): each key is checked on its own
  --budget-ms  time limit per file in ms (default 60000); running out gives verdict unknown
  --budget-mb  memory limit of the search per file in MB (default: half the heap limit); running out gives unknown
  --workers    threads checking files at once (default 1); the output is the same, in the order of the files
  --json       one JSON object per file per line
exit codes: 0 linearizable, 1 not linearizable, 3 unknown, 2 bad usage or bad input`;

/** `faultline check`: checks history files for linearizability. Exit 0 ok, 1 violation, 3 unknown, 2 bad usage/input. */
export async function checkCommand(argv: string[], io: Io = processIo): Promise<number> {
  const { out, err } = io;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        format: { type: 'string' },
        initial: { type: 'string' },
        independent: { type: 'boolean', default: false },
        'budget-ms': { type: 'string' },
        'budget-mb': { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    err(`faultline check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const name = values.model;
  if (name === undefined || initialOf(name) === undefined) {
    err(`faultline check: ${name === undefined ? 'missing --model' : `unknown model "${name}"`}; valid models: ${modelNames.join(', ')}`);
    return 2;
  }
  if (values.format === undefined || !Object.hasOwn(formats, values.format)) {
    err(`faultline check: ${values.format === undefined ? 'missing --format' : `unknown format "${values.format}"`}; valid formats: ${Object.keys(formats).join(', ')}`);
    return 2;
  }
  // A bad value throws a UsageError: main prints "faultline check: --budget-ms must be ..." and exits 2.
  const budgetMs = positiveNumber('budget-ms', values['budget-ms']) ?? 60_000;
  const budgetMb = positiveNumber('budget-mb', values['budget-mb']);
  const workers = positiveInt('workers', values.workers);
  let check: PreparedCheck;
  try {
    check = prepareCheck({
      model: name,
      format: values.format,
      ...(values.initial !== undefined ? { initial: values.initial } : {}),
      independent: values.independent,
      budgetMs,
      ...(budgetMb !== undefined ? { budgetMb } : {}),
      json: values.json,
    });
  } catch (e) {
    if (!(e instanceof ModelOptionError)) throw e;
    err(`faultline check: --initial: ${e.message}`);
    return 2;
  }
  if (positionals.length === 0) {
    err(`faultline check: no history FILE given\n${USAGE}`);
    return 2;
  }
  if (!values.json) out(`checking against ${check.about}`);
  return await printChecks(check, positionals, { threads: workers ?? 1 }, io);
}

/** Checks the files and prints each one's lines in input order; the command's exit code. */
export async function printChecks(check: PreparedCheck, files: string[], options: CheckFilesOptions, { out, err }: Io): Promise<number> {
  let worst = 0;
  let crashed = false;
  await checkFiles(check, files, options, (outcome) => {
    if (outcome.code === 2) {
      err(outcome.error);
      worst = 2;
      return false;
    }
    for (const line of outcome.lines) out(line);
    if (outcome.crashed !== undefined) {
      err(outcome.crashed);
      crashed = true;
    }
    if (outcome.code === 1 || (outcome.code === 3 && worst === 0)) worst = outcome.code;
    return true;
  });
  // A dead worker thread is an internal failure: the command's answer is incomplete whatever else it found.
  return worst === 2 ? 2 : crashed ? 3 : worst;
}
