/** results.json: a suite's (or shard's) runs and summary, self-contained so `faultline merge` can combine shards. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageGoalResult, ScenarioSummary } from '../../reports/types.js';
import type { RunResult } from './run-once.js';
import type { ScenarioMeta } from './summary.js';
import { UsageError } from './registry.js';

export const RESULTS_FORMAT = 'faultline-results';
export const RESULTS_VERSION = 1;

/** A run as JSON: no wall time (so output does not depend on the machine or worker count), plus its replay file. */
export type JsonRun = Omit<RunResult, 'wallMs'> & { replayFile?: string };

export interface Finding {
  scenario: string;
  seed: number;
  /** The replay file of the sweep run that decided the scenario. */
  replayFile?: string;
  /** The replay file of the shrunk run (report and regressions use this one). */
  shrunkReplayFile?: string;
  scheduleText: string[];
  /** The shrunk run stops its clients after this many operations. */
  maxOps?: number;
  shrinkRuns?: number;
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  faultlineVersion: string;
  command: string;
  startedAt: string;
  shard: { index: number; count: number } | null;
  scenarios: ScenarioMeta[];
  runs: JsonRun[];
  findings: Finding[];
  summary: {
    scenarios: ScenarioSummary[];
    coverage: CoverageGoalResult[];
    /** Runs made in all, including shrinking and determinism re-runs. */
    runsMade: number;
    interrupted: boolean;
    timedOut: boolean;
    exitCode: 0 | 1 | 3;
    wallMs: number;
  };
}

export function toJsonRun(result: RunResult, replayFile?: string): JsonRun {
  const { wallMs: _wallMs, ...rest } = result;
  return replayFile !== undefined ? { ...rest, replayFile } : rest;
}

export function fromJsonRun(run: JsonRun): RunResult {
  const { replayFile: _replayFile, ...rest } = run;
  return { ...rest, wallMs: 0 };
}

/** Reads a results.json, or DIR/results.json; bad input is a UsageError naming the file. */
export function readResultsFile(pathOrDir: string): ResultsFile {
  let path = pathOrDir;
  try {
    if (statSync(pathOrDir).isDirectory()) path = join(pathOrDir, 'results.json');
  } catch {
    throw new UsageError(`${pathOrDir}: no such file or directory`);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file (expected a results.json written by faultline run)' : `not valid JSON (${e instanceof Error ? e.message : String(e)})`}`);
  }
  const v = value as Partial<ResultsFile> | null;
  if (typeof v !== 'object' || v === null || v.format !== RESULTS_FORMAT) throw new UsageError(`${path}: not a faultline results file (no "${RESULTS_FORMAT}" format tag)`);
  if (v.version !== RESULTS_VERSION) throw new UsageError(`${path}: results version ${JSON.stringify(v.version)} is not supported (this faultline reads version ${RESULTS_VERSION})`);
  if (!Array.isArray(v.runs) || !Array.isArray(v.scenarios) || !Array.isArray(v.findings)) throw new UsageError(`${path}: corrupt results file (runs, scenarios or findings missing)`);
  return v as ResultsFile;
}
