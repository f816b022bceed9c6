import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkLinearizability } from '../check/linearizability/check.js';
import type { AnyModel } from '../check/linearizability/model.js';
import { HistoryShapeError } from '../check/linearizability/ops.js';
import { buildModel, initialOf, ModelOptionError, modelNames } from '../check/models/registry.js';
import { show } from '../check/models/values.js';
import { describeRules } from '../history/completion-rules.js';
import { EdnSyntaxError } from '../history/formats/edn-reader.js';
import { readEdnValue } from '../history/formats/edn.js';
import { HistoryFormatError } from '../history/formats/errors.js';
import { formats, type HistoryFormat } from '../history/formats/index.js';
import { looksIndependent, perKey, unwrapIndependent } from '../history/independent.js';
import { positiveNumber } from './args.js';
import { processIo, type Io } from './io.js';

const USAGE = `usage: faultline check --model <name> --format <format> FILE... [--initial VALUE] [--independent] [--budget-ms N] [--budget-mb MB] [--json]
  --model      ${modelNames.join(', ')}
  --format     ${Object.keys(formats).join(', ')}
               edn and jsonl follow Jepsen: a :fail did not happen (dropped), a completed read of nil is
               unknown; the porcupine formats (and faultline's own runs): a failed cas saw another value
  --initial    the initial state, an EDN or JSON value: 0, "x", {:x 0 :y 0}, [1 2] (default: the model's)
  --independent  values are [key value] tuples (Jepsen's jepsen.independent): each key is checked on its own
  --budget-ms  time limit per file in ms (default 60000); running out gives verdict unknown
  --budget-mb  memory limit of the search per file in MB (default: half the heap limit); running out gives unknown
  --json       one JSON object per file per line
exit codes: 0 linearizable, 1 not linearizable, 3 unknown, 2 bad usage or bad input`;

/** An EDN or JSON value given on the command line. */
function parseInitial(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return readEdnValue(text);
    } catch (e) {
      if (e instanceof EdnSyntaxError) throw new ModelOptionError(`not an EDN or JSON value (${e.message}): ${text}`);
      throw e;
    }
  }
}

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
  const format: HistoryFormat | undefined = values.format === undefined || !Object.hasOwn(formats, values.format) ? undefined : formats[values.format];
  if (format === undefined) {
    err(`faultline check: ${values.format === undefined ? 'missing --format' : `unknown format "${values.format}"`}; valid formats: ${Object.keys(formats).join(', ')}`);
    return 2;
  }
  let model: AnyModel;
  let initial: unknown;
  try {
    initial = values.initial === undefined ? undefined : parseInitial(values.initial);
    model = buildModel(name, { rules: format.rules, ...(initial !== undefined ? { initial } : {}) })!;
    if (values.independent) model = perKey(model);
  } catch (e) {
    if (!(e instanceof ModelOptionError)) throw e;
    err(`faultline check: --initial: ${e.message}`);
    return 2;
  }
  // A bad value throws a UsageError: main prints "faultline check: --budget-ms must be ..." and exits 2.
  const budgetMs = positiveNumber('budget-ms', values['budget-ms']) ?? 60_000;
  const budgetMb = positiveNumber('budget-mb', values['budget-mb']);
  if (positionals.length === 0) {
    err(`faultline check: no history FILE given\n${USAGE}`);
    return 2;
  }
  const start = initial === undefined ? 'its default start' : `initial ${show(initial)}`;
  const about = `${model.name}${values.independent ? ' per key' : ''} from ${start}; ${describeRules(format.rules)}`;
  if (!values.json) out(`checking against ${about}`);
  let worst = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8'); // one file at a time anyway: no hop through the thread pool per file
    } catch (e) {
      err(`faultline check: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    let result;
    const started = performance.now();
    const lines: number[] = [];
    try {
      const read = format.parse(text, file, lines);
      if (!values.independent && looksIndependent(read)) {
        err(`faultline check: ${file}: every value is a [key value] tuple, as Jepsen's independent histories write them: add --independent to check each key on its own`);
        return 2;
      }
      const history = values.independent ? unwrapIndependent(read) : read;
      result = checkLinearizability(history, model, { timeMs: budgetMs, ...(budgetMb !== undefined ? { memoryMb: budgetMb } : {}) });
    } catch (e) {
      if (e instanceof HistoryFormatError) err(`faultline check: ${e.message}`);
      else if (e instanceof HistoryShapeError) err(`faultline check: ${file}:${lines[e.index] ?? '?'}: ${e.detail}`);
      else err(`faultline check: ${file}: ${(e as Error).message}`);
      return 2;
    }
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    const verdict = result.valid === true ? 'linearizable' : result.valid === false ? 'not-linearizable' : 'unknown';
    const code = result.valid === true ? 0 : result.valid === false ? 1 : 3;
    if (code === 1 || (code === 3 && worst === 0)) worst = code;
    if (values.json) {
      out(
        JSON.stringify({
          file,
          verdict,
          ops: result.stats.ops,
          ms,
          model: model.name,
          ...(initial !== undefined ? { initial } : {}),
          rules: format.rules,
          explanation: `Checked against ${about}.\n${result.explanation}`,
          anomalies: result.anomalies,
          stats: result.stats,
          ...(result.unknown ? { unknown: result.unknown } : {}),
        }),
      );
    } else {
      out(`${file}: ${verdict} (${result.stats.ops} ops, ${ms.toFixed(1)} ms)`);
      if (code !== 0) out(result.explanation.replace(/^/gm, '  '));
    }
  }
  return worst;
}
