/** `faultline merge`: combines shard results into one summary and report, as if run unsharded. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FailureDetail } from '../../reports/types.js';
import { failureDetail } from '../run/failure-detail.js';
import { allScenarios, UsageError } from '../run/registry.js';
import { readReplayFile } from '../run/replay-file.js';
import { fromJsonRun, readResultsFile, type Finding, type JsonRun, type ResultsFile } from '../run/results-file.js';
import { coverageResults, exitCodeOf, summarize, type ScenarioMeta } from '../run/summary.js';
import { parse } from './args.js';
import { writeArtifacts } from './artifacts.js';
import type { Io } from './io.js';

export const MERGE_USAGE = `usage: faultline merge DIR|FILE... [--out DIR] [--junit FILE] [--json]
  combines results.json files (or directories holding one) from faultline run --shard i/n
  --out DIR     where the merged results.json and report.html go (default ./faultline-out)
  --junit FILE  also write JUnit XML
  --json        print the merged results JSON on stdout`;

export interface Merged {
  scenarios: ScenarioMeta[];
  runs: JsonRun[];
  findings: Finding[];
  runsMade: number;
  interrupted: boolean;
  timedOut: boolean;
}

/** Runs keyed by (scenario, seed); scenarios in first-seen order, seeds ascending: the unsharded order. */
export function mergeResults(files: readonly ResultsFile[]): Merged {
  const scenarios: ScenarioMeta[] = [];
  const seen = new Map<string, JsonRun>();
  for (const file of files) {
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
    scenarios, runs,
    findings: files.flatMap((f) => f.findings),
    runsMade: files.reduce((n, f) => n + (f.summary?.runsMade ?? f.runs.length), 0),
    interrupted: files.some((f) => f.summary?.interrupted === true),
    timedOut: files.some((f) => f.summary?.timedOut === true),
  };
}

export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('merge', argv, {
    out: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  } as const, MERGE_USAGE);
  if (values.help) {
    io.out(MERGE_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`faultline merge needs at least one results file or directory\n\n${MERGE_USAGE}`);
  const started = performance.now();
  const merged = mergeResults(positionals.map(readResultsFile));
  const results = merged.runs.map(fromJsonRun);
  const summaries = merged.scenarios.map((meta) => summarize(meta, results.filter((r) => r.scenario === meta.id)));
  const coverage = merged.scenarios.flatMap((meta) => coverageResults(meta, results.filter((r) => r.scenario === meta.id)));
  const findings: Finding[] = [];
  const failures: FailureDetail[] = [];
  for (const summary of summaries) {
    if (summary.decidingSeed === undefined) continue;
    const finding = merged.findings.find((f) => f.scenario === summary.scenario && f.seed === summary.decidingSeed);
    if (finding === undefined) continue;
    findings.push(finding);
    const scenario = allScenarios().find((s) => s.id === summary.scenario);
    const file = finding.shrunkReplayFile ?? finding.replayFile;
    if (scenario === undefined || file === undefined || !existsSync(file)) continue;
    try {
      const replay = readReplayFile(file);
      failures.push(await failureDetail({ ...scenario, config: replay.config ?? scenario.config }, replay, file));
    } catch (e) {
      io.err(`${file}: no report detail (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const outDir = resolve(values.out ?? 'faultline-out');
  return await writeArtifacts({
    title: `faultline merge of ${positionals.length} result files`, command: `faultline merge ${argv.join(' ')}`,
    startedAt: new Date().toISOString(), shard: null, scenarios: merged.scenarios, runs: merged.runs, results,
    summaries, coverage, findings, failures, runsMade: merged.runsMade, interrupted: merged.interrupted, timedOut: merged.timedOut,
    exitCode: exitCodeOf(summaries, coverage, merged.interrupted), wallMs: performance.now() - started,
  }, { outDir, json: values.json === true, ...(values.junit !== undefined ? { junit: resolve(values.junit) } : {}) }, io);
}
