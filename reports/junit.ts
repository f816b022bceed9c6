/**
 * JUnit XML for CI: a testsuite per scenario holding one testcase for the scenario (its expectation over
 * all seeds); a testcase fails with each failing seed's checker explanation and replay command.
 */
import { escapeXml, firstLine } from './escape.js';
import type { FailureDetail, ScenarioSummary, SuiteReport } from './types.js';

function attrs(record: Record<string, string | number>): string {
  return Object.entries(record).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The readable body of a failure: every failing seed's verdicts and replay command. */
function failureText(summary: ScenarioSummary, report: SuiteReport, details: FailureDetail[]): string {
  const lines: string[] = [`${summary.scenario}: expected ${summary.expect}; ${verdictCounts(summary)} over ${summary.seedsRun} seeds`];
  for (const d of details) {
    lines.push('', `seed ${d.run.seed}: ${d.run.verdict}`);
    for (const c of d.run.checks.filter((x) => x.valid !== true)) lines.push(`  ${c.checker} (${String(c.valid)}): ${c.explanation}`);
    if (d.run.error !== undefined) lines.push(`  error: ${d.run.error}`);
    if (d.scheduleText.length > 0) lines.push('  shrunk schedule:', ...d.scheduleText.map((s) => `    ${s}`));
    lines.push(`  replay: ${d.replayCommand}`);
  }
  if (details.length === 0) {
    for (const r of report.runs.filter((x) => x.scenario === summary.scenario && x.verdict !== 'pass' && x.verdict !== summary.expect).slice(0, 20)) {
      lines.push('', `seed ${r.seed}: ${r.verdict}${r.error !== undefined ? `: ${firstLine(r.error)}` : ''}`);
      for (const c of r.checks.filter((x) => x.valid !== true)) lines.push(`  ${c.checker} (${String(c.valid)}): ${c.explanation}`);
    }
  }
  return lines.join('\n');
}

function verdictCounts(s: ScenarioSummary): string {
  const v = s.verdicts;
  return `${v.pass} pass, ${v.violation} violation, ${v.unknown} unknown, ${v.error} error`;
}

export function renderJunit(report: SuiteReport): string {
  const suites: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const s of report.scenarios) {
    const details = report.failures.filter((f) => f.run.scenario === s.scenario);
    const name = `${s.scenario} (expect ${s.expect}, ${s.seedsRun} seeds)`;
    const body: string[] = [];
    let failed = 0;
    let errored = 0;
    let skipped = 0;
    if (s.status === 'unexpected') {
      const first = details[0];
      const isError = s.verdicts.error > 0 && s.verdicts.violation === 0;
      const message = first !== undefined
        ? `seed ${first.run.seed}: ${first.run.verdict}: ${firstLine(first.run.checks.find((c) => c.valid === false)?.explanation ?? first.run.error ?? '')}`
        : s.expect === 'violation' ? `expected a violation; none found in ${s.seedsRun} seeds` : `${verdictCounts(s)}`;
      const tag = isError ? 'error' : 'failure';
      body.push(`      <${tag}${attrs({ message, type: isError ? 'error' : 'violation' })}>${escapeXml(failureText(s, report, details))}</${tag}>`);
      if (isError) errored++;
      else failed++;
    } else if (s.status === 'unknown') {
      body.push(`      <error${attrs({ message: `undecided: ${verdictCounts(s)}`, type: 'unknown' })}>${escapeXml(failureText(s, report, details))}</error>`);
      errored++;
    } else if (s.status === 'undecided') {
      body.push(`      <skipped${attrs({ message: `undecided here: no violation in these ${s.seedsRun} seeds; the merged suite decides` })}/>`);
      skipped++;
    } else if (details.length > 0) {
      body.push(`      <system-out>${escapeXml(failureText(s, report, details))}</system-out>`);
    }
    failures += failed;
    errors += errored;
    const testcase = body.length === 0
      ? `    <testcase${attrs({ classname: `faultline.${s.scenario}`, name, time: seconds(s.wallMs) })}/>`
      : `    <testcase${attrs({ classname: `faultline.${s.scenario}`, name, time: seconds(s.wallMs) })}>\n${body.join('\n')}\n    </testcase>`;
    suites.push(
      `  <testsuite${attrs({ name: s.scenario, tests: 1, failures: failed, errors: errored, skipped, time: seconds(s.wallMs) })}>\n` +
        `    <properties>\n      <property${attrs({ name: 'description', value: s.description })}/>\n` +
        (s.decidingSeed !== undefined ? `      <property${attrs({ name: 'decidingSeed', value: s.decidingSeed })}/>\n` : '') +
        `    </properties>\n${testcase}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({
    name: report.title, tests: report.scenarios.length, failures, errors, time: seconds(report.wallMs),
  })}>\n${suites.join('\n')}\n</testsuites>\n`;
}
