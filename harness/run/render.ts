/**
 * Report writers live in reports/ (HTML, JUnit, terminal summary). Loaded dynamically so the runner
 * still works, with plain fallbacks, if that module is missing or broken.
 */
import type { SuiteReport } from '../../reports/types.js';

export interface Renderers {
  renderHtmlReport(report: SuiteReport): string;
  renderJunit(report: SuiteReport, options?: { perSeed?: boolean }): string;
  renderTerminalSummary(report: SuiteReport, reportPath?: string, reportBytes?: number, options?: { color?: boolean }): string;
}

let loaded: Promise<Renderers> | null = null;

export function renderers(): Promise<Renderers> {
  loaded ??= (async () => {
    const specifier = '../../reports/index.js';
    try {
      const mod = (await import(specifier)) as Partial<Renderers>;
      return {
        renderHtmlReport: mod.renderHtmlReport ?? fallback.renderHtmlReport,
        renderJunit: mod.renderJunit ?? fallback.renderJunit,
        renderTerminalSummary: mod.renderTerminalSummary ?? fallback.renderTerminalSummary,
      };
    } catch {
      return fallback;
    }
  })();
  return loaded;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function summaryLines(report: SuiteReport): string[] {
  const lines = report.scenarios.map((s) =>
    `${s.status === 'as-expected' ? 'ok  ' : s.status === 'unknown' ? '??  ' : 'FAIL'} ${s.scenario} (expect ${s.expect}): ${s.seedsRun} seeds, ` +
    `${s.verdicts.pass} pass, ${s.verdicts.violation} violation, ${s.verdicts.unknown} unknown, ${s.verdicts.error} error` +
    (s.decidingSeed !== undefined ? `; deciding seed ${s.decidingSeed}` : ''));
  for (const c of report.coverage) lines.push(`${c.met ? 'ok  ' : 'FAIL'} coverage ${c.goal}: ${c.count} (at least ${c.atLeast})`);
  return lines;
}

/** Minimal stand-ins, used only when reports/index.ts cannot be loaded. */
export const fallback: Renderers = {
  renderHtmlReport: (report) =>
    `<!doctype html><meta charset="utf-8"><title>${esc(report.title)}</title><h1>${esc(report.title)}</h1><pre>${esc(summaryLines(report).join('\n'))}</pre>` +
    report.failures.map((f) => `<h2>${esc(f.run.scenario)} seed ${f.run.seed}</h2><pre>${esc(f.scheduleText.join('\n'))}\n${esc(f.replayCommand)}</pre>`).join(''),
  renderJunit: (report) => {
    const cases = report.scenarios.map((s) =>
      `  <testcase classname="faultline" name="${esc(s.scenario)}" time="${(s.wallMs / 1000).toFixed(3)}">` +
      (s.status === 'unexpected' ? `<failure message="${esc(`unexpected result (deciding seed ${s.decidingSeed ?? '-'})`)}"/>` : '') + '</testcase>');
    const failures = report.scenarios.filter((s) => s.status === 'unexpected').length;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${esc(report.title)}" tests="${report.scenarios.length}" failures="${failures}">\n${cases.join('\n')}\n</testsuite>\n`;
  },
  renderTerminalSummary: (report, reportPath, reportBytes) => [
    ...summaryLines(report),
    ...report.failures.map((f) => `${f.run.scenario} seed ${f.run.seed}: ${f.run.verdict}; ${f.schedule.length} faults; replay: ${f.replayCommand}`),
    ...(reportPath !== undefined ? [`report: ${reportPath}${reportBytes !== undefined ? ` (${reportBytes} bytes)` : ''}`] : []),
  ].join('\n'),
};
