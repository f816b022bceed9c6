/** Per-scenario status, coverage goals and the suite's exit code, from run results alone (so merges agree). */
import type { CoverageGoalResult, ScenarioSummary } from '../../reports/types.js';
import type { RunResult } from './run-once.js';
import type { AnyScenario } from './scenario.js';

/** What a summary needs to know of a scenario; kept in results.json so shard merges are self-contained. */
export interface ScenarioMeta {
  id: string;
  description: string;
  expect: 'pass' | 'violation';
  coverage: { goal: string; atLeast: number }[];
}

export function scenarioMeta(scenario: AnyScenario): ScenarioMeta {
  return { id: scenario.id, description: scenario.description, expect: scenario.expect, coverage: scenario.coverage ?? [] };
}

type Decision = Pick<ScenarioSummary, 'status' | 'decidingSeed'>;

/**
 * - expect `pass`: any violation or error is unexpected (the first decides); else any unknown -> unknown.
 * - expect `violation`: an error is unexpected (a model bug); else the first violation decides as-expected;
 *   else unknown if some run was unknown; else the violation was not found: unexpected.
 * `partial` (a shard, an interrupted or partial merge): seeds elsewhere may still hold the expected violation,
 * so not finding it leaves the scenario `undecided`; merging every shard decides it.
 */
export function decide(meta: Pick<ScenarioMeta, 'expect'>, runs: readonly RunResult[], partial = false): Decision {
  const first = (pred: (r: RunResult) => boolean): RunResult | undefined => runs.find(pred);
  const error = first((r) => r.verdict === 'error');
  if (meta.expect === 'pass') {
    const bad = first((r) => r.verdict === 'violation' || r.verdict === 'error');
    if (bad) return { status: 'unexpected', decidingSeed: bad.seed };
    return { status: runs.some((r) => r.verdict === 'unknown') ? 'unknown' : 'as-expected' };
  }
  if (error) return { status: 'unexpected', decidingSeed: error.seed };
  const found = first((r) => r.verdict === 'violation');
  if (found) return { status: 'as-expected', decidingSeed: found.seed };
  if (partial) return { status: 'undecided' };
  return { status: runs.some((r) => r.verdict === 'unknown') ? 'unknown' : 'unexpected' };
}

/** Runs sorted by seed (the order of the results, whatever the worker count). */
export function summarize(meta: ScenarioMeta, runs: readonly RunResult[], partial = false): ScenarioSummary {
  const verdicts = { pass: 0, violation: 0, unknown: 0, error: 0 };
  let wallMs = 0;
  for (const r of runs) {
    verdicts[r.verdict]++;
    wallMs += r.wallMs;
  }
  const decision = decide(meta, runs, partial);
  const summary: ScenarioSummary = {
    scenario: meta.id, description: meta.description, expect: meta.expect, seedsRun: runs.length, verdicts,
    status: runs.length === 0 ? 'unknown' : decision.status, wallMs,
  };
  if (decision.decidingSeed !== undefined) summary.decidingSeed = decision.decidingSeed;
  return summary;
}

/** Goals are counted over all of a scenario's runs; the goal names are prefixed by nothing (per scenario rows). */
export function coverageResults(meta: ScenarioMeta, runs: readonly RunResult[]): CoverageGoalResult[] {
  return meta.coverage.map(({ goal, atLeast }) => {
    let count = 0;
    for (const r of runs) count += r.coverage[goal] ?? 0;
    return { goal: `${meta.id}: ${goal}`, atLeast, count, met: count >= atLeast };
  });
}

/** 1 for anything unexpected or an unmet goal; else 3 when something is unknown or the suite was interrupted; else 0. `undecided` scenarios do not fail. */
export function exitCodeOf(summaries: readonly ScenarioSummary[], coverage: readonly CoverageGoalResult[], interrupted: boolean): 0 | 1 | 3 {
  if (summaries.some((s) => s.status === 'unexpected') || coverage.some((c) => !c.met)) return 1;
  if (summaries.some((s) => s.status === 'unknown') || interrupted) return 3;
  return 0;
}
