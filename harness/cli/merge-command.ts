/** `faultline merge`: combines shard results into one summary and report, as if run unsharded. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FailureDetail } from '../../reports/types.js';
import { failureDetail } from '../run/failure-detail.js';
import { settleFinding } from '../run/finding.js';
import { displayPath } from '../run/files.js';
import { UsageError } from '../run/registry.js';
import { fittedConfig, readReplayFile, replayFromRun, writeReplayFile } from '../run/replay-file.js';
import { moduleRecordOf } from '../run/scenario-modules.js';
import { fromJsonRun, readResultsFile, type Finding, type JsonRun, type ResultsFile } from '../run/results-file.js';
import type { AnyScenario } from '../run/scenario.js';
import { replayPath } from '../run/suite.js';
import { coverageResults, exitCodeOf, summarize, type ScenarioMeta } from '../run/summary.js';
import { parse } from './args.js';
import { prepareOut, writeArtifacts } from './artifacts.js';
import type { Io } from './io.js';
import { loadScenarioModules } from './scenario-selection.js';

export const MERGE_USAGE = `usage: faultline merge DIR|FILE... [--out DIR] [--junit FILE] [--json] [--allow-partial]
  combines the results.json files (or directories holding one) of every shard of one faultline run --shard i/n:
  decides unsafe scenarios and coverage goals over all seeds, shrinks each deciding finding once, writes the report
  --out DIR            where the merged results.json, report.html and shrunk replays go (default ./faultline-out)
  --junit FILE         also write JUnit XML
  --junit-per-seed     JUnit: also a testcase per failing seed
  --json               print the merged results JSON on stdout
  --allow-partial      merge fewer than all n shards: nothing is decided that the missing seeds could change, exit 3
  --no-shrink          do not shrink the deciding findings
  --scenario-module F  also load the scenarios of module F (its defineScenario exports), to shrink and report their findings
exit codes: 0 as expected, 1 failure found / expected violation not found / coverage goal unmet, 2 bad usage or input
            (missing, duplicate or mixed shards, corrupt results), 3 unknown, interrupted shard or partial merge`;

export interface Merged {
  scenarios: ScenarioMeta[];
  runs: JsonRun[];
  findings: Finding[];
  runsMade: number;
  interrupted: boolean;
  timedOut: boolean;
  /** Shard count n, and the shards (1-based) not given (only with allowPartial). */
  shards: number;
  missing: number[];
}

/**
 * Checks that the files are the shards of one run: one shard count n (an unsharded file is shard 1/1), each
 * shard once, the same scenarios in each, and every shard 1..n unless `allowPartial`. Throws a UsageError.
 */
export function checkShards(files: readonly { path: string; file: ResultsFile }[], allowPartial: boolean): { count: number; missing: number[] } {
  const shardOf = (f: ResultsFile): { index: number; count: number } => f.shard ?? { index: 1, count: 1 };
  const first = files[0]!;
  const count = shardOf(first.file).count;
  const byIndex = new Map<number, string>();
  const ids = (f: ResultsFile): string => f.scenarios.map((s) => s.id).join(', ');
  for (const { path, file } of files) {
    const s = shardOf(file);
    if (s.count !== count) throw new UsageError(`mixed shard counts: ${first.path} is shard ${shardOf(first.file).index}/${count}, ${path} is shard ${s.index}/${s.count}`);
    const twice = byIndex.get(s.index);
    if (twice !== undefined) throw new UsageError(`shard ${s.index}/${count} given twice: ${twice} and ${path}`);
    byIndex.set(s.index, path);
    if (ids(file) !== ids(first.file)) throw new UsageError(`${path} ran other scenarios than ${first.path} (${ids(file)} / ${ids(first.file)}): not shards of one run`);
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0 && !allowPartial) {
    throw new UsageError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${count}: merge needs every shard 1..${count} of the run (or --allow-partial, which exits 3)`);
  }
  return { count, missing };
}

/** Runs keyed by (scenario, seed); scenarios in first-seen order, seeds ascending: the unsharded order. */
export function mergeResults(files: readonly { path: string; file: ResultsFile }[], allowPartial = false): Merged {
  const { count, missing } = checkShards(files, allowPartial);
  const scenarios: ScenarioMeta[] = [];
  const seen = new Map<string, JsonRun>();
  for (const { file } of files) {
    for (const meta of file.scenarios) if (!scenarios.some((s) => s.id === meta.id)) scenarios.push(meta);
    for (const run of file.runs) {
      const k = `${run.scenario}\u0000${run.seed}`;
      const before = seen.get(k);
      if (before !== undefined && before.traceHash !== run.traceHash) {
        throw new UsageError(`${run.scenario} seed ${run.seed} appears twice with different trace hashes (${before.traceHash}, ${run.traceHash}): were the shards run from different code?`);
      }
      if (before === undefined) seen.set(k, run);
    }
  }
  const order = new Map(scenarios.map((s, i) => [s.id, i]));
  const runs = [...seen.values()].sort((a, b) => (order.get(a.scenario) ?? 0) - (order.get(b.scenario) ?? 0) || a.seed - b.seed);
  return {
    scenarios, runs, shards: count, missing,
    findings: files.flatMap((f) => f.file.findings),
    runsMade: files.reduce((n, f) => n + (f.file.summary?.runsMade ?? f.file.runs.length), 0),
    interrupted: files.some((f) => f.file.summary?.interrupted === true),
    timedOut: files.some((f) => f.file.summary?.timedOut === true),
  };
}

export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('merge', argv, {
    out: { type: 'string' }, junit: { type: 'string' }, 'junit-per-seed': { type: 'boolean' }, json: { type: 'boolean' }, 'allow-partial': { type: 'boolean' },
    'no-shrink': { type: 'boolean' }, 'scenario-module': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  } as const, MERGE_USAGE);
  if (values.help) {
    io.out(MERGE_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`faultline merge needs at least one results file or directory\n\n${MERGE_USAGE}`);
  const started = performance.now();
  const merged = mergeResults(positionals.map((path) => ({ path, file: readResultsFile(path) })), values['allow-partial'] === true);
  const { scenarios: known } = await loadScenarioModules(values['scenario-module'] ?? []);
  const outDir = resolve(values.out ?? 'faultline-out');
  const junit = values.junit !== undefined ? resolve(values.junit) : undefined;
  if (values['junit-per-seed'] === true && junit === undefined) throw new UsageError('--junit-per-seed needs --junit FILE');
  const release = prepareOut({ outDir, ...(junit !== undefined ? { junit } : {}) }, `faultline merge ${argv.join(' ')}`);
  try {
    const partial = merged.missing.length > 0;
    const results = merged.runs.map(fromJsonRun);
    const summaries = merged.scenarios.map((meta) => summarize(meta, results.filter((r) => r.scenario === meta.id), partial));
    const coverage = partial ? [] : merged.scenarios.flatMap((meta) => coverageResults(meta, results.filter((r) => r.scenario === meta.id)));
    const findings: Finding[] = [];
    const failures: FailureDetail[] = [];
    const unwritten: string[] = [];
    let runsMade = merged.runsMade;
    for (const summary of summaries) {
      if (summary.decidingSeed === undefined) continue;
      const found = merged.findings.find((f) => f.scenario === summary.scenario && f.seed === summary.decidingSeed);
      const scenario = known.find((s) => s.id === summary.scenario);
      const run = results.find((r) => r.scenario === summary.scenario && r.seed === summary.decidingSeed)!;
      if (scenario === undefined) {
        io.err(`${summary.scenario}: not a scenario this faultline knows (add --scenario-module): seed ${run.seed} is neither shrunk nor detailed in the report`);
        if (found !== undefined) findings.push(found);
        continue;
      }
      const replayFile = existing(found?.replayFile, io);
      const shrunkFile = existing(found?.shrunkReplayFile, io);
      if (found !== undefined && shrunkFile !== undefined) {
        findings.push(found);
        const detail = await detailFromReplay(scenario, shrunkFile, io);
        if (detail !== undefined) failures.push(detail);
        continue;
      }
      const settled = await settleFinding({
        scenario, run, shrink: values['no-shrink'] !== true, detail: true,
        ...(replayFile !== undefined ? { replayFile } : {}),
        note: (line) => io.err(line),
        saveShrunk: (r) => {
          const path = displayPath(replayPath(outDir, r.scenario, r.seed, true));
          try {
            writeReplayFile(path, replayFromRun(r, scenario.config, true, moduleRecordOf(scenario)));
            return path;
          } catch (e) {
            unwritten.push(e instanceof Error ? e.message : String(e));
            return undefined;
          }
        },
      });
      runsMade += settled.runs;
      findings.push(settled.finding);
      if (settled.failure !== undefined) failures.push(settled.failure);
    }
    const shardNote = partial ? ` (partial: ${merged.shards - merged.missing.length} of ${merged.shards} shards, missing ${merged.missing.join(', ')})` : '';
    const code = exitCodeOf(summaries, coverage, merged.interrupted);
    return await writeArtifacts({
      title: `faultline merge of ${positionals.length} result files${shardNote}`, command: `faultline merge ${argv.join(' ')}`,
      startedAt: new Date().toISOString(), shard: null, scenarios: merged.scenarios, runs: merged.runs, results,
      summaries, coverage, findings, failures, runsMade, interrupted: merged.interrupted, timedOut: merged.timedOut, unwritten,
      exitCode: partial && code === 0 ? 3 : code, wallMs: performance.now() - started,
    }, { outDir, json: values.json === true, ...(junit !== undefined ? { junit, junitPerSeed: values['junit-per-seed'] === true } : {}) }, io);
  } finally {
    release();
  }
}

/** The path when the file is there; otherwise says so (a moved shard directory) and returns undefined. */
function existing(path: string | undefined, io: Io): string | undefined {
  if (path === undefined) return undefined;
  if (existsSync(path)) return path;
  io.err(`${path}: replay file not found (was its shard directory moved without it?)`);
  return undefined;
}

async function detailFromReplay(scenario: AnyScenario, file: string, io: Io): Promise<FailureDetail | undefined> {
  try {
    const replay = readReplayFile(file);
    return await failureDetail({ ...scenario, config: fittedConfig(replay, scenario, file) }, replay, displayPath(file));
  } catch (e) {
    io.err(`${file}: no report detail (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}
