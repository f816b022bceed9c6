/** results.json: a suite's (or shard's) runs and summary, self-contained so `faultline merge` can combine shards. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
    exitCode: 0 | 1 | 2 | 3;
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

/** Replay file paths made relative to `dir` (where results.json is written), so the directory can move. */
export function relativePaths(file: ResultsFile, dir: string): ResultsFile {
  return mapPaths(file, (p) => relative(dir, resolve(p)) || '.');
}

function mapPaths(file: ResultsFile, fn: (path: string) => string): ResultsFile {
  return {
    ...file,
    runs: file.runs.map((r) => (r.replayFile !== undefined ? { ...r, replayFile: fn(r.replayFile) } : r)),
    findings: file.findings.map((f) => ({
      ...f,
      ...(f.replayFile !== undefined ? { replayFile: fn(f.replayFile) } : {}),
      ...(f.shrunkReplayFile !== undefined ? { shrunkReplayFile: fn(f.shrunkReplayFile) } : {}),
    })),
  };
}

const VERDICTS: readonly string[] = ['pass', 'violation', 'unknown', 'error'];

/** Reads a results.json, or DIR/results.json; bad input is a UsageError naming the file and the field. Replay paths come back absolute. */
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
  const bad = (field: string, want: string, got: unknown): never => {
    throw new UsageError(`${path}: corrupt results file: ${field} should be ${want}, got ${JSON.stringify(got) ?? String(got)}`);
  };
  const shard = v.shard;
  if (shard !== null && !(isRecord(shard) && isPositiveInt(shard.count) && isPositiveInt(shard.index) && shard.index <= shard.count)) {
    bad('shard', 'null or { index, count } with 1 <= index <= count', shard);
  }
  const ids = new Set<string>();
  v.scenarios.forEach((s: unknown, i) => {
    if (!isRecord(s) || typeof s.id !== 'string' || s.id === '') bad(`scenarios[${i}].id`, 'a scenario id', isRecord(s) ? s.id : s);
    const meta = s as unknown as ScenarioMeta;
    if (meta.expect !== 'pass' && meta.expect !== 'violation') bad(`scenarios[${i}].expect`, 'pass or violation', meta.expect);
    if (!Array.isArray(meta.coverage) || !meta.coverage.every((c) => isRecord(c) && typeof c.goal === 'string' && Number.isFinite(c.atLeast))) bad(`scenarios[${i}].coverage`, 'a list of { goal, atLeast }', meta.coverage);
    ids.add(meta.id);
  });
  v.runs.forEach((r: unknown, i) => {
    if (!isRecord(r)) return bad(`runs[${i}]`, 'a run', r);
    if (typeof r.scenario !== 'string' || !ids.has(r.scenario)) bad(`runs[${i}].scenario`, 'one of the scenarios listed in the file', r.scenario);
    if (typeof r.seed !== 'number' || !Number.isSafeInteger(r.seed)) bad(`runs[${i}].seed`, 'an integer', r.seed);
    if (!VERDICTS.includes(r.verdict as string)) bad(`runs[${i}].verdict`, VERDICTS.join(', '), r.verdict);
    if (typeof r.traceHash !== 'string') bad(`runs[${i}].traceHash`, 'a string', r.traceHash);
    if (!isRecord(r.coverage) || !Object.values(r.coverage).every((n) => typeof n === 'number')) bad(`runs[${i}].coverage`, 'counts by goal', r.coverage);
    if (!Array.isArray(r.checks) || !Array.isArray(r.schedule)) bad(`runs[${i}]`, 'a run with checks and schedule lists', r);
    if (r.replayFile !== undefined && typeof r.replayFile !== 'string') bad(`runs[${i}].replayFile`, 'a path', r.replayFile);
  });
  v.findings.forEach((f: unknown, i) => {
    if (!isRecord(f) || typeof f.scenario !== 'string' || typeof f.seed !== 'number' || !Number.isSafeInteger(f.seed)) return bad(`findings[${i}]`, 'a { scenario, seed } finding', f);
    for (const k of ['replayFile', 'shrunkReplayFile'] as const) if (f[k] !== undefined && typeof f[k] !== 'string') bad(`findings[${i}].${k}`, 'a path', f[k]);
    if (!Array.isArray(f.scheduleText)) bad(`findings[${i}].scheduleText`, 'a list of lines', f.scheduleText);
  });
  const dir = dirname(path);
  return mapPaths(v as ResultsFile, (p) => resolve(dir, p));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
