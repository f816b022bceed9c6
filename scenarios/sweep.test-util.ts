/**
 * One uvu test per scenario over its seeds 1..`seeds.test`, each with the schedule a plain run of that seed
 * uses. No seed may error; a pass scenario must pass every seed; a violation scenario must be found by each
 * checker that names its flaw, on some seed, and no other checker may fail on any seed. Every scenario
 * meets its coverage goals over its seeds.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeSchedule } from '../harness/faults/describe.js';
import type { FaultSchedule } from '../harness/faults/types.js';
import { runOnce, scheduleForSeed, type RunResult } from '../harness/run/run-once.js';
import type { AnyScenario } from '../harness/run/scenario.js';

export interface SeedRun { seed: number; schedule: FaultSchedule; result: RunResult }

export interface SweepOptions {
  /** Per violation scenario id: the checkers that name its flaw. */
  flawCheckers: Record<string, string[]>;
  /** More checks on every seed's run. */
  onSeed?(scenario: AnyScenario, run: SeedRun): void;
  /** More checks on a seed whose run a flaw checker failed. */
  onViolation?(scenario: AnyScenario, run: SeedRun): void;
  /** More checks on all the runs of a scenario, after its last seed. */
  after?(scenario: AnyScenario, runs: SeedRun[]): void | Promise<void>;
}

export const coverageOf = (runs: SeedRun[], goal: string): number => runs.reduce((n, { result }) => n + (result.coverage[goal] ?? 0), 0);

export function sweepTests(scenarios: readonly AnyScenario[], options: SweepOptions): void {
  for (const id of Object.keys(options.flawCheckers)) {
    if (!scenarios.some((s) => s.id === id && s.expect === 'violation')) throw new Error(`flawCheckers: ${id} is not a violation scenario here`);
  }
  for (const scenario of scenarios) {
    test(`${scenario.id}: ${scenario.expect === 'violation' ? 'found' : 'never fails'} within ${scenario.seeds.test} seeds`, async () => {
      const flaw = scenario.expect === 'violation' ? options.flawCheckers[scenario.id] : [];
      assert.ok(flaw, `no flawCheckers for ${scenario.id}`);
      const runs: SeedRun[] = [];
      for (let seed = 1; seed <= scenario.seeds.test; seed++) {
        const { result, artifacts } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
        const run = { seed, schedule: artifacts.schedule, result }; // as applied: triggered faults at the times they fired
        runs.push(run);
        assert.is.not(result.verdict, 'error', `seed ${seed}: ${result.error}`);
        const failing = result.checks.filter((c) => c.valid !== true);
        const why = `seed ${seed}: ${failing.map((c) => `${c.checker}: ${c.explanation}`).join('; ')}\n${describeSchedule(result.schedule, result.fired).join('\n')}`;
        assert.ok(failing.every((c) => flaw.includes(c.checker)), why);
        options.onSeed?.(scenario, run);
        if (failing.length > 0) options.onViolation?.(scenario, run);
      }
      for (const checker of flaw) {
        const found = runs.some(({ result }) => result.checks.some((c) => c.checker === checker && c.valid === false));
        assert.ok(found, `"${checker}" found no violation in seeds 1..${scenario.seeds.test}`);
      }
      for (const { goal, atLeast } of scenario.coverage ?? []) assert.ok(coverageOf(runs, goal) >= atLeast, `coverage ${goal}: ${coverageOf(runs, goal)}`);
      await options.after?.(scenario, runs);
    });
  }
}

/** A test that runs one seed of `scenario` twice and expects one trace hash; `also` checks more on the run. */
export function determinismTest(scenario: AnyScenario, seed: number, also?: (result: RunResult) => void): void {
  test(`determinism: ${scenario.id} seed ${seed} twice gives one trace hash`, async () => {
    const schedule = scheduleForSeed(scenario, seed);
    const a = await runOnce(scenario, seed, schedule);
    const b = await runOnce(scenario, seed, schedule);
    assert.is(a.result.traceHash, b.result.traceHash);
    also?.(a.result);
  });
}
