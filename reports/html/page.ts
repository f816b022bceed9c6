/**
 * The single-file HTML report: a small static shell, the suite and failure data as JSON in a
 * `<script type="application/json">` block, and the page script (client.js) that builds everything with
 * DOM APIs and canvas. A Content-Security-Policy forbids every fetch and every script but our own.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { escapeHtml, firstLine, jsonForScript } from '../escape.js';
import type { SuiteReport } from '../types.js';
import { STYLES } from './styles.js';
import { failureView, type FailureView } from './timeline-data.js';

export const VERDICTS = ['pass', 'violation', 'unknown', 'error'] as const;

export interface SuiteView {
  title: string;
  version: string;
  startedAt: string;
  command: string;
  exitCode: number;
  wallMs: number;
  scenarios: SuiteReport['scenarios'];
  /** [scenario index, seed, verdict (VERDICTS index), wallMs, first non-passing checker line or error] */
  runs: [number, number, number, number, string][];
  coverage: SuiteReport['coverage'];
  failures: FailureView[];
}

let clientScript: string | undefined;

function script(): string {
  clientScript ??= readFileSync(new URL('./client.js', import.meta.url), 'utf8');
  return clientScript;
}

function suiteView(report: SuiteReport): SuiteView {
  const scenarioIndex = new Map(report.scenarios.map((s, i) => [s.scenario, i]));
  const runs = report.runs.map((r): [number, number, number, number, string] => {
    const bad = r.checks.find((c) => c.valid !== true);
    const line = r.error !== undefined ? firstLine(r.error) : bad !== undefined ? `${bad.checker}: ${bad.explanation}` : '';
    return [scenarioIndex.get(r.scenario) ?? -1, r.seed, VERDICTS.indexOf(r.verdict), Math.round(r.wallMs), line];
  });
  return {
    title: report.title, version: report.faultlineVersion, startedAt: report.startedAt, command: report.command,
    exitCode: report.exitCode, wallMs: Math.round(report.wallMs), scenarios: report.scenarios, runs,
    coverage: report.coverage, failures: report.failures.map(failureView),
  };
}

export function renderHtmlReport(report: SuiteReport): string {
  const code = script();
  const hash = createHash('sha256').update(code, 'utf8').digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = escapeHtml(report.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLES}</style>
</head>
<body>
<main id="app"><h1>${title}</h1><noscript><p>This report draws its tables and timelines with JavaScript; please enable it for this file.</p></noscript></main>
<div class="tooltip" id="tooltip" role="tooltip"></div>
<script type="application/json" id="faultline-data">${jsonForScript(suiteView(report))}</script>
<script>${code}</script>
</body>
</html>
`;
}
