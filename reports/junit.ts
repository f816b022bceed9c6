/**
 * JUnit XML for CI: a testsuite per scenario holding one testcase for the scenario (its expectation over
 * all seeds; its name does not change with the seed budget, so CI history trackers follow it), and, with
 * `perSeed`, one more per failing seed. A failure's message has the replay command; an expected violation
 * that was not found fails with a type of its own (`expected-violation-not-found`).
 */
import { escapeXml, firstLine } from './escape.js';
import { withClientNames } from './html/story.js';
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
    for (const c of d.run.checks.filter((x) => x.valid !== true)) lines.push(`  ${c.checker} (${String(c.valid)}): ${withClientNames(c.explanation, d.nodes.clients)}`);
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

export interface JunitOptions {
  /** One more testcase per failing seed (named by scenario and seed), failing with that seed's detail. */
  perSeed?: boolean;
}

/** The first failing checker line and the replay command: what a CI summary shows without opening the body. */
function failureMessage(d: FailureDetail): string {
  const line = firstLine(d.run.checks.find((c) => c.valid === false)?.explanation ?? d.run.error ?? '');
  return `seed ${d.run.seed}: ${d.run.verdict}: ${line}; replay: ${d.replayCommand}`;
}

export function renderJunit(report: SuiteReport, options: JunitOptions = {}): string {
  const suites: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const s of report.scenarios) {
    const details = report.failures.filter((f) => f.run.scenario === s.scenario);
    const name = `${s.scenario} (expect ${s.expect})`;
    const body: string[] = [];
    let failed = 0;
    let errored = 0;
    let skipped = 0;
    if (s.status === 'unexpected') {
      const first = details[0];
      const isError = s.verdicts.error > 0 && s.verdicts.violation === 0;
      const notFound = first === undefined && s.expect === 'violation';
      const message = first !== undefined ? failureMessage(first)
        : notFound ? `expected a violation; none found in ${s.seedsRun} seeds` : `${verdictCounts(s)}`;
      const tag = isError ? 'error' : 'failure';
      const type = isError ? 'error' : notFound ? 'expected-violation-not-found' : 'violation';
      body.push(`      <${tag}${attrs({ message, type })}>${escapeXml(failureText(s, report, details))}</${tag}>`);
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
    // One testcase per failing seed of a scenario that failed: named by seed, so it is the same test on every budget.
    const seedCases = options.perSeed === true && s.status === 'unexpected' ? details.map((d) =>
      `    <testcase${attrs({ classname: `faultline.${s.scenario}`, name: `${s.scenario} seed ${d.run.seed}`, time: seconds(d.run.wallMs) })}>\n` +
      `      <failure${attrs({ message: failureMessage(d), type: d.run.verdict === 'error' ? 'error' : 'violation' })}>${escapeXml(failureText(s, report, [d]))}</failure>\n    </testcase>`) : [];
    failed += seedCases.length;
    failures += failed;
    errors += errored;
    const testcase = body.length === 0
      ? `    <testcase${attrs({ classname: `faultline.${s.scenario}`, name, time: seconds(s.wallMs) })}/>`
      : `    <testcase${attrs({ classname: `faultline.${s.scenario}`, name, time: seconds(s.wallMs) })}>\n${body.join('\n')}\n    </testcase>`;
    suites.push(
      `  <testsuite${attrs({ name: s.scenario, tests: 1 + seedCases.length, failures: failed, errors: errored, skipped, time: seconds(s.wallMs) })}>\n` +
        `    <properties>\n      <property${attrs({ name: 'description', value: s.description })}/>\n` +
        (s.decidingSeed !== undefined ? `      <property${attrs({ name: 'decidingSeed', value: s.decidingSeed })}/>\n` : '') +
        `    </properties>\n${[testcase, ...seedCases].join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({
    name: report.title, tests: report.scenarios.length + (options.perSeed === true ? report.failures.filter((f) => report.scenarios.some((s) => s.scenario === f.run.scenario && s.status === 'unexpected')).length : 0), failures, errors, time: seconds(report.wallMs),
  })}>\n${suites.join('\n')}\n</testsuites>\n`;
}
