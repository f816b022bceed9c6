/** Writes a suite's artifacts (results.json, report.html, JUnit) and prints its summary. */
import { join } from 'node:path';
import type { SuiteReport } from '../../reports/types.js';
import { checkWritableDir, checkWritableFile, displayPath, WriteError, writeAtomic } from '../run/files.js';
import { UsageError } from '../run/registry.js';
import { renderers } from '../run/render.js';
import { RESULTS_FORMAT, RESULTS_VERSION, relativePaths, type ResultsFile } from '../run/results-file.js';
import type { Shard, SuiteOutcome } from '../run/suite.js';
import { FAULTLINE_VERSION } from '../run/version.js';
import type { Io } from './io.js';
import { lockOut } from './out-lock.js';

/** A suite's outcome plus what the CLI knows about how it was run. */
export interface SuiteData extends SuiteOutcome {
  title: string;
  command: string;
  startedAt: string;
  shard: Shard | null;
}

export interface ArtifactOptions {
  outDir: string;
  junit?: string;
  /** JUnit with a testcase per failing seed besides the one per scenario. */
  junitPerSeed?: boolean;
  json: boolean;
}

/** results.json: paths in it are relative to `outDir`, where it is written. */
export function resultsFile(data: SuiteData, outDir: string, exitCode: 0 | 1 | 2 | 3 = data.exitCode): ResultsFile {
  return relativePaths({
    format: RESULTS_FORMAT, version: RESULTS_VERSION, faultlineVersion: FAULTLINE_VERSION,
    command: data.command, startedAt: data.startedAt, shard: data.shard, scenarios: data.scenarios,
    runs: data.runs, findings: data.findings,
    summary: {
      scenarios: data.summaries, coverage: data.coverage, runsMade: data.runsMade, interrupted: data.interrupted,
      timedOut: data.timedOut, exitCode, wallMs: Math.round(data.wallMs),
    },
  }, outDir);
}

export function suiteReport(data: SuiteData, exitCode: 0 | 1 | 2 | 3 = data.exitCode): SuiteReport {
  return {
    title: data.interrupted ? `${data.title} (interrupted)` : data.title, faultlineVersion: FAULTLINE_VERSION, startedAt: data.startedAt, command: data.command,
    scenarios: data.summaries, runs: data.results, coverage: data.coverage, failures: data.failures,
    exitCode, wallMs: data.wallMs,
  };
}

/**
 * Before any work: `--out` is (or can become) a directory a file can be created in, and `--junit` names a
 * file whose directory can take one. A UsageError (exit 2) names the flag, the path and the reason.
 */
export function checkArtifactPlaces(options: Pick<ArtifactOptions, 'outDir' | 'junit'>): void {
  try {
    checkWritableDir(options.outDir);
  } catch (e) {
    throw new UsageError(`--out: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (options.junit === undefined) return;
  try {
    checkWritableFile(options.junit);
  } catch (e) {
    throw new UsageError(`--junit: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** checkArtifactPlaces, then the `--out` lock (see out-lock.ts); returns the lock's release. */
export function prepareOut(options: Pick<ArtifactOptions, 'outDir' | 'junit'>, command: string): () => void {
  checkArtifactPlaces(options);
  return lockOut(options.outDir, command);
}

/** A run whose artifacts are not all written exits 2, unless it already failed (1 says more). */
export function withWriteFailure(code: 0 | 1 | 2 | 3): 1 | 2 {
  return code === 1 ? 1 : 2;
}

/**
 * Writes every artifact (each even if an earlier one failed), then prints the summary, whose first line
 * states the final exit code: a write that failed turns it into 2 (see withWriteFailure) and is named on
 * stderr with its reason. Returns that exit code.
 */
export async function writeArtifacts(data: SuiteData, options: ArtifactOptions, io: Io): Promise<number> {
  const render = await renderers();
  const resultsPath = join(options.outDir, 'results.json');
  const reportPath = join(options.outDir, 'report.html');
  const problems = [...data.unwritten];
  let code: 0 | 1 | 2 | 3 = problems.length > 0 ? withWriteFailure(data.exitCode) : data.exitCode;
  const attempt = (path: string, text: () => string): boolean => {
    try {
      writeAtomic(path, text());
      return true;
    } catch (e) {
      problems.push(e instanceof WriteError ? e.message : `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
      code = withWriteFailure(code);
      return false;
    }
  };
  // JUnit first and report.html last, so each file states the exit code of the writes before it.
  const junit = options.junit;
  if (junit !== undefined) attempt(junit, () => render.renderJunit(suiteReport(data, code), { perSeed: options.junitPerSeed === true }));
  const results = resultsFile(data, options.outDir, code);
  const resultsWritten = attempt(resultsPath, () => `${JSON.stringify(results, null, 1)}\n`);
  let htmlBytes = 0;
  const htmlWritten = attempt(reportPath, () => {
    const html = render.renderHtmlReport(suiteReport(data, code));
    htmlBytes = Buffer.byteLength(html);
    return html;
  });
  let summary: string;
  try {
    summary = render.renderTerminalSummary(suiteReport(data, code), htmlWritten ? displayPath(reportPath) : undefined, htmlWritten ? htmlBytes : undefined, { color: io.color }).trimEnd();
  } catch (e) {
    summary = `summary could not be rendered: ${e instanceof Error ? e.message : String(e)}`;
  }
  const say = options.json ? io.err : io.out;
  say(summary);
  const how = `${data.timedOut ? '; time limit reached' : ''}${data.interrupted ? '; interrupted' : ''}`;
  say(`${data.runsMade} runs made (shrinking included)${how}; ${resultsWritten ? `results: ${displayPath(resultsPath)}` : 'results NOT written'}`);
  for (const p of problems) io.err(p);
  if (options.json) io.out(JSON.stringify(resultsWritten ? results : resultsFile(data, options.outDir, code)));
  return code;
}
