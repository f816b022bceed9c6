/** `faultline replay FILE`: re-runs a replay file, proves the trace hash, writes the report, exits like run. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeSchedule } from '../faults/describe.js';
import { failureDetailOf } from '../run/failure-detail.js';
import { displayPath } from '../run/files.js';
import { allScenarios, findScenario, UsageError } from '../run/registry.js';
import { loadScenarioModule } from '../run/scenario-modules.js';
import { fittedConfig, readReplayFile, ReplayFileError, replayFromRun, writeReplayFile, type ReplayFile } from '../run/replay-file.js';
import { FAULTLINE_VERSION } from '../run/version.js';
import { toJsonRun } from '../run/results-file.js';
import { runOnce, type RunResult } from '../run/run-once.js';
import { describeTraceComparison, firstDifference } from '../run/run-seed.js';
import type { AnyScenario, RunArtifacts } from '../run/scenario.js';
import { coverageResults, exitCodeOf, scenarioMeta, summarize } from '../run/summary.js';
import { parse } from './args.js';
import { prepareOut, writeArtifacts } from './artifacts.js';
import type { Io } from './io.js';
import { loadScenarioModules } from './scenario-selection.js';

export const REPLAY_USAGE = `usage: faultline replay FILE [--out DIR] [--junit FILE] [--json]
  re-runs the run in a replay file, checks its trace hash and verdict, and writes the report; a file of your
  own scenario names its module, found from the file's project or the working directory's (else --scenario-module)
  --out DIR            artifacts directory (default ./faultline-out)
  --junit FILE         also write JUnit XML
  --json               print results JSON on stdout
  --scenario-module F  also load the scenarios of module F (its defineScenario exports)
  --update             after an intended kernel or model change: if the run is deterministic and the verdict
                       is unchanged, rewrite the file's trace hash (regression corpus upkeep)
exit codes: 0 reproduced and as expected, 1 reproduced a failure / did not reproduce, 2 bad file or usage, 3 unknown`;

export interface ReplayOutcome {
  replay: ReplayFile;
  result: RunResult;
  reproduced: boolean;
  /** Why not, in words (hash or verdict differ). */
  problem?: string;
  /** Set when the file names a scenario module whose sources changed since it was written. */
  moduleNote?: string;
  /**
   * Set when the trace hash differs from the file's: whether two fresh runs now give the same readable
   * trace (so the model, scenario or harness changed since the file was written).
   */
  deterministicNow?: boolean;
}

/**
 * The recorded module path (relative to its project root) from the replay file's folder or the working
 * directory, trying each folder above them: the file may have moved with its checkout, or been copied.
 */
export function locateModule(replayFile: string, recorded: string): string | null {
  for (const start of [dirname(resolve(replayFile)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, recorded);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

/** A replay file read and checked against its scenario: what to run, before anything runs or is written. */
export interface ResolvedReplay {
  replay: ReplayFile;
  /** The file's scenario with the file's config. */
  scenario: AnyScenario;
  moduleNote?: string;
}

/** Reads a replay file and finds its scenario (loading its module) and config; throws UsageError on unusable files. */
export async function resolveReplay(file: string, scenarios?: readonly AnyScenario[]): Promise<ResolvedReplay> {
  let replay: ReplayFile;
  try {
    replay = readReplayFile(file);
  } catch (e) {
    if (e instanceof ReplayFileError) throw new UsageError(e.message);
    throw e;
  }
  let moduleNote: string | undefined;
  const modulePath = replay.module !== undefined ? locateModule(file, replay.module.path) : null;
  if (replay.module !== undefined && modulePath === null && !(scenarios ?? []).some((s) => s.id === replay.scenario)) {
    throw new UsageError(`${file}: its scenario module ${replay.module.path} is in neither the replay file's project nor the working directory's (run faultline replay from the project, or pass --scenario-module)`);
  }
  if (replay.module !== undefined && modulePath !== null) {
    const module = await loadScenarioModule(modulePath);
    if (module.hash !== replay.module.hash) {
      moduleNote = `${displayPath(module.file)} or a file it imports changed since the replay file was written (content hash ${replay.module.hash}, now ${module.hash}): the run may differ`;
    }
    scenarios = [...module.scenarios, ...(scenarios ?? allScenarios()).filter((s) => !module.scenarios.some((m) => m.id === s.id))];
  }
  let base: AnyScenario;
  try {
    base = findScenario(replay.scenario, scenarios);
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let config: unknown;
  try {
    config = fittedConfig(replay, base, file);
  } catch (e) {
    if (e instanceof ReplayFileError) throw new UsageError(e.message);
    throw e;
  }
  return { replay, scenario: { ...base, config }, ...(moduleNote !== undefined ? { moduleNote } : {}) };
}

/** Re-runs a replay file's run with the file's config; throws UsageError on unusable files. */
export async function replayRun(file: string, scenarios?: readonly AnyScenario[]): Promise<ReplayOutcome & { scenario: AnyScenario; artifacts: RunArtifacts }> {
  return await runResolved(await resolveReplay(file, scenarios));
}

async function runResolved({ replay, scenario, moduleNote }: ResolvedReplay): Promise<ReplayOutcome & { scenario: AnyScenario; artifacts: RunArtifacts }> {
  // The timeline only observes (the trace hash is the same without it); the report's failure detail draws it.
  const { result, artifacts } = await runOnce(scenario, replay.seed, replay.schedule, { recordTimeline: true, ...(replay.maxOps !== undefined ? { maxOps: replay.maxOps } : {}) });
  const outcome: ReplayOutcome & { scenario: AnyScenario; artifacts: RunArtifacts } = { replay, result, reproduced: true, scenario, artifacts, ...(moduleNote !== undefined ? { moduleNote } : {}) };
  if (result.traceHash !== replay.traceHash) {
    outcome.reproduced = false;
    const comparison = await firstDifference(scenario, replay.seed, replay.schedule, replay.maxOps);
    const nowDeterministic = comparison.difference === null;
    outcome.deterministicNow = nowDeterministic;
    outcome.problem = `trace hash ${result.traceHash} differs from the file's ${replay.traceHash}; ` + (nowDeterministic
      ? `re-running twice gives the same trace, so the model, scenario or harness changed since the file was written (faultline ${replay.faultlineVersion} wrote it)`
      : `the run is not deterministic now: ${describeTraceComparison(comparison)}`);
  } else if (result.verdict !== replay.verdict) {
    outcome.reproduced = false;
    outcome.problem = `same trace, but the verdict is now ${result.verdict} (the file says ${replay.verdict}): a checker changed`;
  }
  return outcome;
}

export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('replay', argv, {
    out: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' },
    'scenario-module': { type: 'string', multiple: true }, update: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  } as const, REPLAY_USAGE);
  if (values.help) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`faultline replay takes exactly one replay file, got ${positionals.length}\n\n${REPLAY_USAGE}`);
  const file = positionals[0] as string;
  const outDir = resolve(values.out ?? 'faultline-out');
  const junit = values.junit !== undefined ? resolve(values.junit) : undefined;
  // A file that cannot be replayed is refused before --out is made or locked.
  const { scenarios: known } = await loadScenarioModules(values['scenario-module'] ?? []);
  const resolved = await resolveReplay(file, known);
  const release = prepareOut({ outDir, ...(junit !== undefined ? { junit } : {}) }, `faultline replay ${argv.join(' ')}`);
  try {
    return await replayInto(file, resolved, outDir, junit, argv, values, io);
  } finally {
    release();
  }
}

async function replayInto(file: string, resolved: ResolvedReplay, outDir: string, junit: string | undefined, argv: string[], values: { json?: boolean; update?: boolean }, io: Io): Promise<number> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const { replay, result, reproduced: matched, problem, deterministicNow, scenario, artifacts, moduleNote } = await runResolved(resolved);
  const say = values.json ? io.err : io.out;
  if (moduleNote !== undefined) io.err(`note: ${moduleNote}`);
  let reproduced = matched;
  if (!matched && values.update === true) {
    if (result.verdict === replay.verdict && deterministicNow === true) {
      writeReplayFile(file, { ...replay, traceHash: result.traceHash, faultlineVersion: FAULTLINE_VERSION, checks: replayFromRun(result, replay.config, replay.shrunk).checks });
      say(`updated ${file}: trace hash ${replay.traceHash} -> ${result.traceHash} (verdict ${result.verdict} unchanged)`);
      reproduced = true;
    } else {
      say(`not updated: ${result.verdict === replay.verdict ? 'the run is not deterministic' : `the verdict changed from ${replay.verdict} to ${result.verdict}`}`);
    }
  }
  say(`${file}: ${scenario.id} seed ${replay.seed}, ${replay.schedule.length} faults${replay.maxOps !== undefined ? `, clients stop after ${replay.maxOps} operation${replay.maxOps === 1 ? '' : 's'}` : ''}${replay.shrunk ? ' (shrunk)' : ''}`);
  for (const line of describeSchedule(replay.schedule, result.fired)) say(`  ${line}`);
  if (matched || values.update !== true) say(reproduced ? `reproduced: trace hash ${result.traceHash}, verdict ${result.verdict}` : `NOT reproduced: ${problem ?? ''}`);
  // A failing check is told whole once, by the summary below (with client names).
  for (const c of result.checks) say(`  ${c.checker}: ${c.valid === true ? `ok: ${c.explanation}` : `${c.valid === false ? 'VIOLATED' : 'unknown'} (below)`}`);
  if (result.error !== undefined) say(`  error: ${result.error}`);
  const meta = scenarioMeta(scenario);
  const summary = summarize(meta, [result]);
  const detail = failureDetailOf(scenario, result, artifacts, file);
  // A replay that does not reproduce exits 1, and its summary says so.
  return await writeArtifacts({
    title: `faultline replay ${file}`, command: `faultline replay ${argv.join(' ')}`, startedAt, shard: null,
    scenarios: [meta], runs: [toJsonRun(result, file)], results: [result], summaries: [summary], coverage: [],
    findings: [{ scenario: scenario.id, seed: replay.seed, replayFile: file, scheduleText: describeSchedule(replay.schedule, result.fired) }],
    failures: [detail], runsMade: reproduced ? 1 : 3, interrupted: false, timedOut: false, unwritten: [],
    exitCode: reproduced ? exitCodeOf([summary], coverageResults({ ...meta, coverage: [] }, [result]), false) : 1, wallMs: performance.now() - started,
  }, { outDir, json: values.json === true, ...(junit !== undefined ? { junit } : {}) }, io);
}
