/**
 * The few lines a person reads in the terminal after a suite: each failure, its verdict with the checker's
 * whole explanation, the unmet coverage goals, the report path. Coloured on a terminal (NO_COLOR turns it
 * off, FORCE_COLOR on).
 */
import { useColor } from './color.js';
import { withClientNames } from './html/story.js';
import type { SuiteReport } from './types.js';

export interface TerminalOptions {
  /** ANSI colours; default `useColor(process.env, process.stdout.isTTY)`. */
  color?: boolean;
}

const SGR = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

function painter(on: boolean): (style: keyof typeof SGR, text: string) => string {
  return (style, text) => (on ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
}

/** Every line of a (multi-line) explanation, the first after `head`, the rest indented under it. */
function whole(head: string, text: string, indent: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  return [`${head}${first}`, ...rest.map((l) => `${indent}${l}`)];
}

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const EXIT_WORDS = { 0: 'as expected', 1: 'FAILED', 2: 'ARTIFACTS NOT WRITTEN', 3: 'UNKNOWN' } as const;

export function renderTerminalSummary(report: SuiteReport, reportPath?: string, reportBytes?: number, options: TerminalOptions = {}): string {
  const paint = painter(options.color ?? useColor(process.env, process.stdout.isTTY));
  const lines: string[] = [];
  const runs = report.scenarios.reduce((n, s) => n + s.seedsRun, 0);
  const exitStyle = report.exitCode === 0 ? 'green' : report.exitCode === 1 ? 'red' : 'yellow';
  lines.push(`${report.title}: ${paint(exitStyle, EXIT_WORDS[report.exitCode])} (exit ${report.exitCode}); ${report.scenarios.length} scenarios, ${runs} runs in ${(report.wallMs / 1000).toFixed(1)} s`);
  for (const s of report.scenarios) {
    const mark = s.status === 'as-expected' ? paint('green', 'ok  ') : s.status === 'unknown' ? paint('yellow', '??  ') : s.status === 'undecided' ? paint('dim', '..  ') : paint('red', 'FAIL');
    const v = s.verdicts;
    const found = s.expect === 'violation' && s.status === 'as-expected' && s.decidingSeed !== undefined ? `, violation found at seed ${s.decidingSeed}` : '';
    lines.push(`  ${mark} ${s.scenario}: expect ${s.expect}; ${v.pass} pass, ${v.violation} violation, ${v.unknown} unknown, ${v.error} error${found}`);
    if (s.status === 'unexpected' && s.expect === 'violation' && v.violation === 0) {
      lines.push(`       expected a violation but none was found in ${s.seedsRun} seeds`);
    }
    if (s.seedsRun === 0) lines.push('       no seeds ran here (a shard given none, the time limit or an interruption)');
    else if (s.status === 'undecided') lines.push(`       no violation in these ${s.seedsRun} seeds; the rest did not run here (another shard: faultline merge decides; or the time limit)`);
  }
  for (const f of report.failures) {
    const expected = f.run.verdict === f.run.expected ? ' (expected)' : '';
    lines.push('', paint('bold', `${f.run.scenario} seed ${f.run.seed}: `) + paint(expected === '' ? 'red' : 'dim', `${f.run.verdict}${expected}`));
    for (const c of f.run.checks.filter((x) => x.valid !== true)) {
      lines.push(...whole(`  ${c.checker}: ${c.valid === false ? paint('red', 'violation') : paint('yellow', 'unknown')}: `, withClientNames(c.explanation, f.nodes.clients), '    '));
    }
    if (f.run.error !== undefined) lines.push(...whole(`  ${paint('red', 'error')}: `, errorMessage(f.run.error), '    '));
    if (f.schedule.length > 0) lines.push(`  shrunk to ${f.schedule.length} fault${f.schedule.length === 1 ? '' : 's'}:`, ...f.scheduleText.map((line) => `    ${line}`));
    lines.push(`  replay: ${paint('bold', f.replayCommand)}`);
  }
  const unmet = report.coverage.filter((g) => !g.met);
  if (report.coverage.length > 0) {
    lines.push('', `coverage: ${report.coverage.length - unmet.length}/${report.coverage.length} goals met` +
      (unmet.length > 0 ? `; ${paint('red', 'unmet')}: ${unmet.map((g) => `${g.goal} ${g.count}/${g.atLeast}`).join(', ')}` : ''));
  }
  if (reportPath !== undefined) lines.push('', `report: ${reportPath}${reportBytes !== undefined ? ` (${size(reportBytes)})` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** An error as its message, all of its lines, without the stack frames that follow. */
function errorMessage(error: string): string {
  const lines = error.split('\n');
  const stack = lines.findIndex((l) => /^\s+at /.test(l));
  return (stack < 0 ? lines : lines.slice(0, stack)).join('\n');
}
