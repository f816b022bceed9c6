/**
 * A suite: seed sweeps of the selected scenarios (through the worker pool, or a property search in the
 * main thread), replay files written as soon as each failing run arrives, shrinking of the run that
 * decided each scenario, then the summary, coverage goals, and the failure details for the report.
 */
import { join } from 'node:path';
import type { CoverageGoalResult, FailureDetail, ScenarioSummary } from '../../reports/types.js';
import { settleFinding } from './finding.js';
import { displayPath } from './files.js';
import { runPool, type PoolJob } from './pool.js';
import { replayFromRun, writeReplayFile } from './replay-file.js';
import { moduleRecordOf } from './scenario-modules.js';
import type { Finding, JsonRun } from './results-file.js';
import { toJsonRun } from './results-file.js';
import type { RunResult } from './run-once.js';
import type { AnyScenario } from './scenario.js';
import { searchScenario } from './search.js';
import { coverageResults, exitCodeOf, scenarioMeta, summarize, type ScenarioMeta } from './summary.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface SuiteOptions {
  scenarios: readonly AnyScenario[];
  /** Seeds per scenario; default each scenario's budget (see `budget`). */
  seeds?: number;
  /** Which of a scenario's seed budgets applies when `seeds` is not given (default `test`). */
  budget?: 'test' | 'nightly';
  /** First seed of a sweep (default 1); fast-check's seed in search mode. */
  seed?: number;
  workers?: number;
  shard?: Shard;
  timeLimitMs?: number;
  outDir: string;
  checkDeterminism?: boolean;
  /** Property search (fast-check draws seed and schedule) instead of a seed sweep. */
  search?: boolean;
  /** Shrink the deciding run of each scenario (default true). */
  shrink?: boolean;
  scenarioModules?: string[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, result: RunResult) => void;
  /** A line of news (shrinking started, a replay file written). */
  onNote?: (line: string) => void;
}

export interface SuiteOutcome {
  scenarios: ScenarioMeta[];
  runs: JsonRun[];
  results: RunResult[];
  summaries: ScenarioSummary[];
  coverage: CoverageGoalResult[];
  findings: Finding[];
  failures: FailureDetail[];
  runsMade: number;
  interrupted: boolean;
  timedOut: boolean;
  /** Artifacts (replay files) that could not be written, each with the path and the reason. */
  unwritten: string[];
  exitCode: 0 | 1 | 3;
  wallMs: number;
}

export const DEFAULT_FIRST_SEED = 1;

export function parseShard(text: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : null;
}

/** The seeds of a scenario's sweep that belong to a shard: the k-th seed goes to shard (k mod n) + 1. */
export function sweepSeeds(count: number, first: number, shard?: Shard): number[] {
  const seeds: number[] = [];
  for (let k = 0; k < count; k++) {
    if (shard === undefined || k % shard.count === shard.index - 1) seeds.push(first + k);
  }
  return seeds;
}

export function replayPath(outDir: string, scenario: string, seed: number, shrunk: boolean): string {
  return join(outDir, 'replays', `${scenario.replaceAll('/', '__')}-seed${seed}${shrunk ? '-shrunk' : ''}.replay`);
}

/** Failing runs (a violation or error) get a replay file, unless the run never produced a trace (a dead worker). */
function wantsReplay(result: RunResult): boolean {
  return (result.verdict === 'violation' || result.verdict === 'error') && result.traceHash !== '';
}

export async function runSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const started = performance.now();
  const byId = new Map(options.scenarios.map((s) => [s.id, s]));
  const replayFiles = new Map<string, string>();
  const key = (scenario: string, seed: number): string => `${scenario}\u0000${seed}`;
  const note = options.onNote ?? (() => {});
  const unwritten: string[] = [];
  const saveReplay = (result: RunResult, shrunk: boolean): string | undefined => {
    const scenario = byId.get(result.scenario);
    if (scenario === undefined || !wantsReplay(result)) return undefined;
    const path = displayPath(replayPath(options.outDir, result.scenario, result.seed, shrunk));
    try {
      writeReplayFile(path, replayFromRun(result, scenario.config, shrunk, moduleRecordOf(scenario)));
    } catch (error) {
      unwritten.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    if (!shrunk) replayFiles.set(key(result.scenario, result.seed), path);
    return path;
  };

  const timeout = new AbortController();
  const timer = options.timeLimitMs !== undefined ? setTimeout(() => timeout.abort(), options.timeLimitMs) : null;
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;

  let results: RunResult[] = [];
  let runsMade = 0;
  /** Seeds each scenario was to run: a time limit may leave some of them unrun. */
  const planned = new Map<string, number>();
  const shrunkBySeed = new Map<string, { result: RunResult; runs: number }>();
  try {
    if (options.search) {
      for (const scenario of options.scenarios) planned.set(scenario.id, options.seeds ?? scenario.seeds[options.budget ?? 'test']);
      for (const scenario of options.scenarios) {
        const remainingMs = options.timeLimitMs !== undefined ? options.timeLimitMs - (performance.now() - started) : undefined;
        if (signal.aborted || (remainingMs !== undefined && remainingMs <= 0)) break;
        const total = planned.get(scenario.id) as number;
        let done = 0;
        const search = await searchScenario(scenario, {
          runs: total,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(remainingMs !== undefined ? { timeLimitMs: remainingMs } : {}),
          onRun: (r) => options.onProgress?.(++done, total, r),
        });
        for (const r of search.results) saveReplay(r, false);
        results.push(...search.results);
        runsMade += search.runsMade;
        if (search.finding) {
          shrunkBySeed.set(key(scenario.id, search.finding.first.seed), { result: search.finding.shrunk, runs: search.runsMade - search.results.length });
          planned.set(scenario.id, search.results.length); // a search ends at its first finding: nothing was cut short
        }
      }
    } else {
      const jobs: PoolJob[] = [];
      for (const scenario of options.scenarios) {
        for (const seed of sweepSeeds(options.seeds ?? scenario.seeds[options.budget ?? 'test'], options.seed ?? DEFAULT_FIRST_SEED, options.shard)) {
          jobs.push({ index: jobs.length, scenario: scenario.id, seed, ...(options.checkDeterminism ? { checkDeterminism: true } : {}) });
          planned.set(scenario.id, (planned.get(scenario.id) ?? 0) + 1);
        }
      }
      let done = 0;
      const outcome = await runPool(jobs, {
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.scenarioModules ? { scenarioModules: options.scenarioModules } : {}),
        scenarios: byId,
        signal,
        onResult: (result) => {
          saveReplay(result, false);
          options.onProgress?.(++done, jobs.length, result);
        },
      });
      results = outcome.results.filter((r): r is RunResult => r !== undefined);
      runsMade += results.length * (options.checkDeterminism ? 2 : 1);
    }
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  const interrupted = options.signal?.aborted === true;
  // fast-check's own limit (search mode) may stop the search a moment before the suite's timer fires.
  const timedOut = !interrupted && (timeout.signal.aborted || (options.timeLimitMs !== undefined && performance.now() - started >= options.timeLimitMs));
  // A shard, an interrupted suite or a scenario the time limit cut short sees only part of the seeds: unsafe
  // scenarios whose violation did not turn up stay undecided and coverage goals are not judged (merge judges
  // them over every shard).
  const partial = options.shard !== undefined || interrupted;
  const cutShort = (id: string, runs: number): boolean => timedOut && runs < (planned.get(id) ?? 0);

  const metas = options.scenarios.map(scenarioMeta).filter((m) => !interrupted || results.some((r) => r.scenario === m.id));
  const summaries: ScenarioSummary[] = [];
  const coverage: CoverageGoalResult[] = [];
  const findings: Finding[] = [];
  const failures: FailureDetail[] = [];
  for (const meta of metas) {
    const scenario = byId.get(meta.id) as AnyScenario;
    const runs = results.filter((r) => r.scenario === meta.id);
    const onlySome = partial || cutShort(meta.id, runs.length);
    const summary = summarize(meta, runs, onlySome);
    summaries.push(summary);
    if (!onlySome) coverage.push(...coverageResults(meta, runs));
    const deciding = runs.find((r) => r.seed === summary.decidingSeed);
    if (deciding === undefined) continue;
    const sweepFile = replayFiles.get(key(meta.id, deciding.seed));
    const shrunk = shrunkBySeed.get(key(meta.id, deciding.seed));
    const settled = await settleFinding({
      scenario, run: deciding, note,
      ...(sweepFile !== undefined ? { replayFile: sweepFile } : {}),
      ...(shrunk !== undefined ? { shrunk } : {}),
      // A shard cannot know whether its finding decides the scenario: merge shrinks the one that does, once.
      shrink: options.shrink !== false && options.shard === undefined,
      detail: !interrupted,
      ...(options.signal ? { signal: options.signal } : {}),
      saveShrunk: (r) => saveReplay(r, true),
    });
    runsMade += settled.runs;
    findings.push(settled.finding);
    if (settled.failure !== undefined) failures.push(settled.failure);
  }
  const runs = results.map((r) => toJsonRun(r, replayFiles.get(key(r.scenario, r.seed))));
  return {
    scenarios: metas, runs, results, summaries, coverage, findings, failures, runsMade, interrupted, timedOut, unwritten,
    exitCode: exitCodeOf(summaries, coverage, interrupted), wallMs: performance.now() - started,
  };
}
