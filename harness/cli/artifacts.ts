/** Writes a suite's artifacts (results.json, report.html, JUnit) and prints its summary. */
import { join } from 'node:path';
import type { CoverageGoalResult, FailureDetail, ScenarioSummary, SuiteReport } from '../../reports/types.js';
import { displayPath, writeAtomic } from '../run/files.js';
import { renderers } from '../run/render.js';
import { RESULTS_FORMAT, RESULTS_VERSION, type Finding, type JsonRun, type ResultsFile } from '../run/results-file.js';
import type { RunResult } from '../run/run-once.js';
import type { Shard, SuiteOutcome } from '../run/suite.js';
import type { ScenarioMeta } from '../run/summary.js';
import { FAULTLINE_VERSION } from '../run/version.js';
import type { Io } from './io.js';

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
  json: boolean;
}

export function resultsFile(data: SuiteData): ResultsFile {
  return {
    format: RESULTS_FORMAT, version: RESULTS_VERSION, faultlineVersion: FAULTLINE_VERSION,
    command: data.command, startedAt: data.startedAt, shard: data.shard, scenarios: data.scenarios,
    runs: data.runs, findings: data.findings,
    summary: {
      scenarios: data.summaries, coverage: data.coverage, runsMade: data.runsMade, interrupted: data.interrupted,
      timedOut: data.timedOut, exitCode: data.exitCode, wallMs: Math.round(data.wallMs),
    },
  };
}

export function suiteReport(data: SuiteData): SuiteReport {
  return {
    title: data.title, faultlineVersion: FAULTLINE_VERSION, startedAt: data.startedAt, command: data.command,
    scenarios: data.summaries, runs: data.results, coverage: data.coverage, failures: data.failures,
    exitCode: data.exitCode, wallMs: data.wallMs,
  };
}

/** Writes every artifact; each is written even if an earlier one failed. Returns the exit code. */
export async function writeArtifacts(data: SuiteData, options: ArtifactOptions, io: Io): Promise<number> {
  const render = await renderers();
  const report = suiteReport(data);
  const results = resultsFile(data);
  const resultsPath = join(options.outDir, 'results.json');
  const reportPath = join(options.outDir, 'report.html');
  const problems: string[] = [];
  const attempt = (what: string, fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      problems.push(`could not write ${what}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
  attempt(resultsPath, () => writeAtomic(resultsPath, `${JSON.stringify(results, null, 1)}\n`));
  let html = '';
  const htmlWritten = attempt(reportPath, () => {
    html = render.renderHtmlReport(report);
    writeAtomic(reportPath, html);
  });
  if (options.junit !== undefined) {
    const junit = options.junit;
    attempt(junit, () => writeAtomic(junit, render.renderJunit(report)));
  }
  const shownReport = displayPath(reportPath);
  let summary: string;
  try {
    summary = render.renderTerminalSummary(report, htmlWritten ? shownReport : undefined, htmlWritten ? Buffer.byteLength(html) : undefined).trimEnd();
  } catch (e) {
    summary = `summary could not be rendered: ${e instanceof Error ? e.message : String(e)}`;
  }
  const say = options.json ? io.err : io.out;
  say(summary);
  for (const c of data.coverage) say(`coverage ${c.goal}: ${c.count} (at least ${c.atLeast}) ${c.met ? 'met' : 'UNMET'}`);
  say(`${data.runsMade} runs made (shrinking included)${data.timedOut ? '; time limit reached' : ''}${data.interrupted ? '; interrupted' : ''}; results: ${displayPath(resultsPath)}`);
  for (const p of problems) io.err(p);
  if (options.json) io.out(JSON.stringify(results));
  return data.exitCode;
}
