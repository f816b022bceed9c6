/**
 * `assertScenario` for any test runner (node:test, vitest, jest, uvu): runs a scenario's seeds in this process
 * and resolves when the outcome is what the scenario expects. Otherwise it rejects, as `fc.assert` does, with an
 * Error whose message holds every failing checker's whole explanation, the shrunk schedule in words and the
 * one-line replay command (the replay file is written under `out`). Runs of several scenarios at once in one
 * process (a `Promise.all`) give the same verdicts and trace hashes as one after the other.
 */
import { resolve } from 'node:path';
import { withClientNames } from '../../reports/html/story.js';
import { describeSchedule } from '../faults/describe.js';
import { checkScenario, scenarioModuleOf } from '../run/define-scenario.js';
import { replayCommand } from '../run/failure-detail.js';
import { displayPath } from '../run/files.js';
import { replayFromRun, writeReplayFile } from '../run/replay-file.js';
import type { RunResult } from '../run/run-once.js';
import { runSeed } from '../run/run-seed.js';
import type { Scenario } from '../run/scenario.js';
import { hashScenarioModule, moduleRecordOf } from '../run/scenario-modules.js';
import { isFinding, shrinkSeed } from '../run/search.js';
import { replayPath } from '../run/suite.js';
import { coverageResults, decide, scenarioMeta } from '../run/summary.js';

export interface AssertScenarioOptions {
  /** How many seeds (default: the scenario's test budget); the environment's FAULTLINE_SEEDS wins. */
  seeds?: number;
  /** The first seed (default 1); the environment's FAULTLINE_SEED wins. */
  seed?: number;
  /** Where replay files go (default `faultline-out`, under the working directory). */
  out?: string;
  /** Shrink the failing run before reporting it (default true). */
  shrink?: boolean;
}

/** Resolves when the scenario's seeds give the outcome it expects; rejects with the story otherwise. */
export async function assertScenario<Config>(scenario: Scenario<Config>, options: AssertScenarioOptions = {}): Promise<void> {
  checkScenario(scenario);
  const seeds = fromEnv('FAULTLINE_SEEDS', 1) ?? options.seeds ?? scenario.seeds.test;
  const first = fromEnv('FAULTLINE_SEED', Number.MIN_SAFE_INTEGER) ?? options.seed ?? 1;
  const runs: RunResult[] = [];
  for (let seed = first; seed < first + seeds; seed++) {
    const result = await runSeed(scenario, seed);
    runs.push(result);
    if (scenario.expect === 'pass' && isFinding(scenario, result)) break;
  }
  const meta = scenarioMeta(scenario);
  const decision = decide(meta, runs);
  const unmet = runs.length === seeds ? coverageResults(meta, runs).filter((c) => !c.met) : [];
  if (decision.status === 'as-expected' && unmet.length === 0) return;
  const range = `seeds ${first}..${first + runs.length - 1}`;
  const deciding = runs.find((r) => r.seed === decision.decidingSeed);
  const lines: string[] = [];
  if (deciding !== undefined) {
    lines.push(`faultline: ${scenario.id} expects ${scenario.expect === 'pass' ? 'to pass' : 'a violation'}, but seed ${deciding.seed} gave ${deciding.verdict === 'error' ? 'an error' : `a ${deciding.verdict}`} (${range}).`);
    lines.push(...await story(scenario, deciding, options));
  } else if (decision.status !== 'as-expected') {
    lines.push(scenario.expect === 'violation'
      ? `faultline: ${scenario.id} expects a violation, but none was found in ${range}${decision.status === 'unknown' ? ' (some checks were unknown: a checker ran out of budget)' : ''}.`
      : `faultline: ${scenario.id}: some checks ended unknown in ${range} (a checker ran out of budget):`);
    for (const r of runs.filter((x) => x.verdict === 'unknown').slice(0, 3)) {
      for (const c of r.checks.filter((x) => x.valid === 'unknown')) lines.push(`  seed ${r.seed}, ${c.checker}: ${c.explanation}`);
    }
  }
  for (const c of unmet) lines.push(`faultline: coverage goal not met: ${c.goal} happened ${c.count} times, at least ${c.atLeast} wanted (${range}).`);
  throw new Error(lines.join('\n'));
}

/** The failing run's story: the checkers' explanations, the (shrunk) schedule in words, the replay command. */
async function story<Config>(scenario: Scenario<Config>, run: RunResult, options: AssertScenarioOptions): Promise<string[]> {
  const shrunk = options.shrink !== false && isFinding(scenario, run) ? await shrinkSeed(scenario, run.seed) : null;
  const shown = shrunk?.result ?? run;
  const lines: string[] = [];
  if (shown.error !== undefined) lines.push(`error: ${shown.error}`);
  for (const c of shown.checks.filter((x) => x.valid !== true)) {
    lines.push(`checker "${c.checker}" (${c.valid === false ? 'violated' : 'unknown'}):`, indent(withClientNames(c.explanation, scenario.topology.clients)));
  }
  const faults = describeSchedule(shown.schedule);
  lines.push(shrunk !== null
    ? `schedule, shrunk from ${run.schedule.length} to ${shown.schedule.length} faults${shown.maxOps !== undefined ? ` and ${shown.maxOps} client operations` : ''}:`
    : 'schedule:');
  lines.push(faults.length > 0 ? indent(faults.join('\n')) : '  (no faults)');
  const file = await saveReplay(scenario, shown, shrunk !== null, options.out);
  lines.push(file.startsWith('(') ? `replay file not written ${file}` : `replay: ${replayCommand(file)}`);
  return lines;
}

/** Writes the replay file, recording the scenario's module; returns its display path, or "(reason)". */
async function saveReplay<Config>(scenario: Scenario<Config>, run: RunResult, shrunk: boolean, out = 'faultline-out'): Promise<string> {
  const module = scenarioModuleOf(scenario);
  if (module !== null) await hashScenarioModule(module).catch(() => undefined);
  const path = replayPath(resolve(out), scenario.id, run.seed, shrunk);
  try {
    writeReplayFile(path, replayFromRun(run, scenario.config, shrunk, moduleRecordOf(scenario)));
  } catch (error) {
    return `(${error instanceof Error ? error.message : String(error)})`;
  }
  return displayPath(path);
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}

/** An integer from the environment (at least `min`), or undefined when unset; anything else is an error naming the variable. */
function fromEnv(name: string, min: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new Error(`faultline: environment variable ${name} must be ${min === 1 ? 'a positive integer' : 'an integer'}, got "${text}"`);
  }
  return n;
}
