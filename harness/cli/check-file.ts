/**
 * One history file of `faultline check`: read, parse, check, and the lines printed for it. Pure data in and
 * out, so a worker thread checks a file exactly as the main thread does.
 */
import { readFileSync } from 'node:fs';
import { checkLinearizability } from '../check/linearizability/check.js';
import type { AnyModel } from '../check/linearizability/model.js';
import { HistoryShapeError } from '../check/linearizability/ops.js';
import { buildModel, ModelOptionError } from '../check/models/registry.js';
import { show } from '../check/models/values.js';
import { describeRules } from '../history/completion-rules.js';
import { EdnSyntaxError } from '../history/formats/edn-reader.js';
import { readEdnValue } from '../history/formats/edn.js';
import { HistoryFormatError } from '../history/formats/errors.js';
import { formats, type HistoryFormat } from '../history/formats/index.js';
import { looksIndependent, perKey, unwrapIndependent } from '../history/independent.js';
import type { History } from '../history/types.js';

/** What the command line asked for, as plain data (a worker thread builds its own model from it). */
export interface CheckSetup {
  model: string;
  format: string;
  /** The --initial text, unparsed. */
  initial?: string;
  independent: boolean;
  budgetMs: number;
  budgetMb?: number;
  json: boolean;
}

export interface PreparedCheck {
  setup: CheckSetup;
  model: AnyModel;
  format: HistoryFormat;
  initial: unknown;
  /** The model, start and rules in words, e.g. "cas-register from its default start; ...". */
  about: string;
}

/** A file's verdict code (0 linearizable, 1 not, 3 unknown) and the lines for stdout, or bad input (2). */
export type FileOutcome = { code: 0 | 1 | 3; lines: string[]; crashed?: string } | { code: 2; error: string };

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

/** Builds the model; a bad --initial throws ModelOptionError. The model and format names are known ones. */
export function prepareCheck(setup: CheckSetup): PreparedCheck {
  const format = formats[setup.format]!;
  const initial = setup.initial === undefined ? undefined : parseInitial(setup.initial);
  let model = buildModel(setup.model, { rules: format.rules, ...(initial !== undefined ? { initial } : {}) })!;
  if (setup.independent) model = perKey(model);
  const start = initial === undefined ? 'its default start' : `initial ${show(initial)}`;
  const about = `${model.name}${setup.independent ? ' per key' : ''} from ${start}; ${describeRules(format.rules)}`;
  return { setup, model, format, initial, about };
}

/** The file's history, or the outcome that says why it has none; the text is garbage once parsed. */
function readHistory(check: PreparedCheck, file: string, lines: number[]): History | FileOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { code: 2, error: `faultline check: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const read = check.format.parse(text, file, lines);
  if (!check.setup.independent && looksIndependent(read)) {
    return {
      code: 2,
      error: `faultline check: ${file}: every value is a [key value] tuple, as Jepsen's independent histories write them: add --independent to check each key on its own`,
    };
  }
  return check.setup.independent ? unwrapIndependent(read) : read;
}

export function checkFile(check: PreparedCheck, file: string): FileOutcome {
  const { setup, model, format, initial, about } = check;
  let result;
  const started = performance.now();
  const lines: number[] = [];
  try {
    const history = readHistory(check, file, lines);
    if (!Array.isArray(history)) return history;
    result = checkLinearizability(history, model, { timeMs: setup.budgetMs, ...(setup.budgetMb !== undefined ? { memoryMb: setup.budgetMb } : {}) });
  } catch (e) {
    if (e instanceof HistoryFormatError) return { code: 2, error: `faultline check: ${e.message}` };
    if (e instanceof HistoryShapeError) return { code: 2, error: `faultline check: ${file}:${lines[e.index] ?? '?'}: ${e.detail}` };
    return { code: 2, error: `faultline check: ${file}: ${(e as Error).message}` };
  }
  const ms = Math.round((performance.now() - started) * 1000) / 1000;
  const verdict = result.valid === true ? 'linearizable' : result.valid === false ? 'not-linearizable' : 'unknown';
  const code = result.valid === true ? 0 : result.valid === false ? 1 : 3;
  if (setup.json) {
    const line = JSON.stringify({
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
    });
    return { code, lines: [line] };
  }
  const out = [`${file}: ${verdict} (${result.stats.ops} ops, ${ms.toFixed(1)} ms)`];
  if (code !== 0) out.push(result.explanation.replace(/^/gm, '  '));
  return { code, lines: out };
}

/** The outcome of a file whose worker thread died while checking it: unknown, saying why. */
export function crashedFile(setup: CheckSetup, file: string, reason: string): FileOutcome {
  const why = `the worker thread checking it died (${reason})`;
  return { code: 3, crashed: `faultline check: ${file}: ${why}`, lines: [setup.json ? JSON.stringify({ file, verdict: 'unknown', error: why }) : `${file}: unknown (${why})`] };
}
