/** `faultline export`: a run's history in another tool's format (Knossos and Elle read EDN, Porcupine its kv logs). */
import { resolve } from 'node:path';
import { checkLinearizability } from '../check/linearizability/check.js';
import { buildModel } from '../check/models/registry.js';
import type { CheckResult } from '../check/verdict.js';
import { describeRules, type CompletionRules } from '../history/completion-rules.js';
import { UnprintableOpError } from '../history/formats/errors.js';
import { formats } from '../history/formats/index.js';
import type { History } from '../history/types.js';
import { displayPath, writeAtomic } from '../run/files.js';
import { findScenario } from '../run/registry.js';
import type { AnyScenario } from '../run/scenario.js';
import { readResultsFile, type JsonRun } from '../run/results-file.js';
import { runOnce } from '../run/run-once.js';
import { UsageError } from '../run/usage-error.js';
import { integer, parse } from './args.js';
import type { Io } from './io.js';
import { replayRun } from './replay-command.js';
import { loadScenarioModules } from './scenario-selection.js';

export const EXPORT_USAGE = `usage: faultline export FILE --format FORMAT [--out PATH] [--scenario ID] [--seed N]
  writes the history of one run, re-run bit for bit (its trace hash must match), for a second opinion
  FILE                 a replay file (.replay), or a results.json (or its directory) with --scenario / --seed
                       picking one of its runs
  --format             ${Object.keys(formats).join(', ')}
                       (edn and jsonl are read back by Jepsen's rules: a fail did not happen, a read of nil is
                       unknown; faultline's own checks read a failed cas as a seen mismatch, so a re-check can
                       only accept more)
  --out PATH           write there (default: standard output)
  --scenario ID        with a results file: the run's scenario
  --seed N             with a results file: the run's seed
  --scenario-module F  also load the scenarios of module F (its defineScenario exports)
  --raw                the whole history as recorded; by default, when the scenario checks linearizability,
                       the history as that checker reads it (its model's part: e.g. ZooKeeper's plain reads
                       left out and a read's observation reduced to the data read)
exit codes: 0 written, 2 bad usage, a run that no longer reproduces, or an op the format cannot hold`;

interface Exported {
  history: History;
  what: string;
  scenario: AnyScenario;
  /** The run's checks, as the run judged it. */
  checks: readonly (CheckResult & { checker: string })[];
}

/**
 * The history as the scenario's linearizability checker reads it, and the model to check it with; the
 * whole history when no checker says (or several disagree on the model).
 */
function checkedView(scenario: AnyScenario, history: History): { history: History; model?: string; checker?: string } {
  const readers = scenario.checkers.filter((c) => c.linearizability !== undefined);
  const first = readers[0];
  if (first === undefined || readers.some((c) => c.linearizability!.model.name !== first.linearizability!.model.name)) return { history };
  const { model, view } = first.linearizability!;
  return { history: view ? view(history) : history, model: model.name, checker: first.name };
}

/** The history of a replay file's run; a run that no longer reproduces is refused (its history differs). */
async function fromReplay(file: string, modules: readonly string[]): Promise<Exported> {
  const { scenarios } = await loadScenarioModules(modules);
  const { replay, result, artifacts, scenario } = await replayRun(file, scenarios);
  if (result.traceHash !== replay.traceHash) {
    throw new UsageError(`${file}: the run no longer reproduces (trace hash ${result.traceHash}, the file says ${replay.traceHash}), so its history is not the recorded one`);
  }
  return { history: artifacts.history, what: `${replay.scenario} seed ${replay.seed}`, scenario, checks: result.checks };
}

/** The history of one run of a results file, re-run from its scenario, seed and schedule. */
async function fromResults(file: string, scenarioId: string | undefined, seed: number | undefined, modules: readonly string[]): Promise<Exported> {
  const results = readResultsFile(file);
  const picked = results.runs.filter((r) => (scenarioId === undefined || r.scenario === scenarioId) && (seed === undefined || r.seed === seed));
  const list = (runs: readonly JsonRun[]) => runs.slice(0, 10).map((r) => `${r.scenario} --seed ${r.seed}`).join(', ') + (runs.length > 10 ? `, ... (${runs.length} in all)` : '');
  if (picked.length === 0) throw new UsageError(`${file}: no run matches${scenarioId === undefined ? '' : ` --scenario ${scenarioId}`}${seed === undefined ? '' : ` --seed ${seed}`}; its runs: ${list(results.runs) || 'none'}`);
  if (picked.length > 1) throw new UsageError(`${file}: ${picked.length} runs match; pick one with --scenario and --seed: ${list(picked)}`);
  const run = picked[0]!;
  if (run.replayFile !== undefined) return fromReplay(run.replayFile, modules);
  const { scenarios } = await loadScenarioModules(modules);
  const scenario = findScenario(run.scenario, scenarios);
  const { result, artifacts } = await runOnce(scenario, run.seed, run.schedule, run.maxOps !== undefined ? { maxOps: run.maxOps } : {});
  if (result.traceHash !== run.traceHash) {
    throw new UsageError(`${file}: ${run.scenario} seed ${run.seed} no longer reproduces (trace hash ${result.traceHash}, the file says ${run.traceHash}), so its history is not the recorded one`);
  }
  return { history: artifacts.history, what: `${run.scenario} seed ${run.seed}`, scenario, checks: result.checks };
}

export async function exportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('export', argv, {
    format: { type: 'string' }, out: { type: 'string' }, scenario: { type: 'string' }, seed: { type: 'string' },
    'scenario-module': { type: 'string', multiple: true }, raw: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  } as const, EXPORT_USAGE);
  if (values.help) {
    io.out(EXPORT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`faultline export takes exactly one replay or results file, got ${positionals.length}\n\n${EXPORT_USAGE}`);
  const name = values.format;
  if (name === undefined || !Object.hasOwn(formats, name)) {
    throw new UsageError(`faultline export: ${name === undefined ? 'missing --format' : `unknown format "${name}"`}; valid formats: ${Object.keys(formats).join(', ')}`);
  }
  const format = formats[name]!;
  const file = positionals[0]!;
  const seed = integer('seed', values.seed);
  const modules = values['scenario-module'] ?? [];
  const isReplay = file.endsWith('.replay');
  if (isReplay && (values.scenario !== undefined || seed !== undefined)) throw new UsageError('faultline export: --scenario and --seed pick a run of a results file; a replay file holds one run');
  const exported = isReplay ? await fromReplay(file, modules) : await fromResults(file, values.scenario, seed, modules);
  const what = exported.what;
  const { history, model, checker } = values.raw ? { history: exported.history } : checkedView(exported.scenario, exported.history);
  let text: string;
  try {
    text = format.print(history);
  } catch (e) {
    if (e instanceof UnprintableOpError) throw new UsageError(`faultline export: ${what}: ${e.message}`);
    throw e;
  }
  if (values.out !== undefined) writeAtomic(resolve(values.out), text);
  else if (text !== '') io.out(text.slice(0, -1));
  const where = values.out === undefined ? '' : ` to ${displayPath(resolve(values.out))}`;
  const as = model === undefined ? '' : ` as its checker "${checker}" reads them (--raw: every op)`;
  const check = `faultline check${model === undefined ? '' : ` --model ${model}`} --format ${name}`;
  io.err(`exported ${history.length} ops of ${what}${as} as ${name}${where}; ${check} reads it with ${describeRules(format.rules)}`);
  if (model !== undefined && exported.checks.some((c) => c.checker === checker && c.valid === false) && acceptedUnder(history, model, format.rules)) {
    io.err(`note: the run's checker found a violation, but ${check} will call this file linearizable: the violation rests on what ${format.rules.name} rules do not read (a completed read of nil, a failed operation; Knossos reads them so too)`);
  }
  return 0;
}

/** Whether `faultline check --model` with these rules accepts the history (what the note above warns of). */
function acceptedUnder(history: History, modelName: string, rules: CompletionRules): boolean {
  const model = buildModel(modelName, { rules });
  return model !== undefined && checkLinearizability(history, model, { timeMs: 10_000, minimize: false }).valid === true;
}
