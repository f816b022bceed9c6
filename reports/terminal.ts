/** The few lines a person reads in the terminal after a suite: each failure, its verdict, the report path. */
import { firstLine } from './escape.js';
import type { SuiteReport } from './types.js';

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const EXIT_WORDS = { 0: 'as expected', 1: 'FAILED', 2: 'ARTIFACTS NOT WRITTEN', 3: 'UNKNOWN' } as const;

export function renderTerminalSummary(report: SuiteReport, reportPath?: string, reportBytes?: number): string {
  const lines: string[] = [];
  const runs = report.scenarios.reduce((n, s) => n + s.seedsRun, 0);
  lines.push(`${report.title}: ${EXIT_WORDS[report.exitCode]} (exit ${report.exitCode}); ${report.scenarios.length} scenarios, ${runs} runs in ${(report.wallMs / 1000).toFixed(1)} s`);
  for (const s of report.scenarios) {
    const mark = s.status === 'as-expected' ? 'ok  ' : s.status === 'unknown' ? '??  ' : s.status === 'undecided' ? '..  ' : 'FAIL';
    const v = s.verdicts;
    const found = s.expect === 'violation' && s.status === 'as-expected' && s.decidingSeed !== undefined ? `, violation found at seed ${s.decidingSeed}` : '';
    lines.push(`  ${mark} ${s.scenario}: expect ${s.expect}; ${v.pass} pass, ${v.violation} violation, ${v.unknown} unknown, ${v.error} error${found}`);
    if (s.status === 'unexpected' && s.expect === 'violation' && v.violation === 0) {
      lines.push(`       expected a violation but none was found in ${s.seedsRun} seeds`);
    }
    if (s.status === 'undecided') lines.push(`       no violation in these ${s.seedsRun} seeds yet; the whole suite decides (faultline merge of every shard)`);
  }
  for (const f of report.failures) {
    const expected = f.run.verdict === f.run.expected ? ' (expected)' : '';
    lines.push('', `${f.run.scenario} seed ${f.run.seed}: ${f.run.verdict}${expected}`);
    for (const c of f.run.checks.filter((x) => x.valid !== true)) {
      lines.push(`  ${c.checker}: ${c.valid === false ? 'violation' : 'unknown'}: ${firstLine(c.explanation)}`);
    }
    if (f.run.error !== undefined) lines.push(`  error: ${firstLine(f.run.error)}`);
    if (f.schedule.length > 0) lines.push(`  shrunk to ${f.schedule.length} fault${f.schedule.length === 1 ? '' : 's'}:`, ...f.scheduleText.map((line) => `    ${line}`));
    lines.push(`  replay: ${f.replayCommand}`);
  }
  const unmet = report.coverage.filter((g) => !g.met);
  if (report.coverage.length > 0) {
    lines.push('', `coverage: ${report.coverage.length - unmet.length}/${report.coverage.length} goals met` +
      (unmet.length > 0 ? `; unmet: ${unmet.map((g) => `${g.goal} ${g.count}/${g.atLeast}`).join(', ')}` : ''));
  }
  if (reportPath !== undefined) lines.push('', `report: ${reportPath}${reportBytes !== undefined ? ` (${size(reportBytes)})` : ''}`);
  return `${lines.join('\n')}\n`;
}
