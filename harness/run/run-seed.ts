/** One seed of a sweep, as the pool's workers (and the main thread) run it. */
import { firstTraceDifference, type TraceDifference } from '../sim/determinism.js';
import { describeError, runOnce, scheduleForSeed, type RunOnceOptions, type RunResult } from './run-once.js';
import type { AnyScenario } from './scenario.js';

export interface SeedOptions {
  /**
   * Run the seed twice and compare trace hashes; a difference fails the seed naming the first differing event.
   * The second run freezes message bodies once sent, so a model changing a sent body fails the seed too.
   */
  checkDeterminism?: boolean;
}

export async function runSeed(scenario: AnyScenario, seed: number, options: SeedOptions = {}): Promise<RunResult> {
  let schedule;
  try {
    schedule = scheduleForSeed(scenario, seed);
  } catch (error) {
    return failedRun(scenario, seed, `the nemesis arbitrary failed: ${describeError(error)}`);
  }
  const { result } = await runOnce(scenario, seed, schedule);
  if (!options.checkDeterminism) return result;
  const { result: again } = await runOnce(scenario, seed, schedule, { freezeSentBodies: true });
  if (again.traceHash === result.traceHash) return result;
  if (again.verdict === 'error' && result.verdict !== 'error') {
    return { ...result, verdict: 'error', error: `seed ${seed} failed when run again with message bodies frozen once sent: ${again.error ?? ''}` };
  }
  // Compared as the two runs were made (a model that catches the error of changing a frozen body parts there).
  const comparison = await firstDifference(scenario, seed, schedule, undefined, { freezeSentBodies: true });
  return {
    ...result, verdict: 'error',
    error: `nondeterministic: seed ${seed} gave trace hashes ${result.traceHash} and ${again.traceHash} (the second with message bodies frozen once sent); ${describeTraceComparison(comparison)}`,
  };
}

/** Two fresh runs' readable traces compared: the first event where they part (null if none) and the first run's length. */
export interface TraceComparison {
  difference: TraceDifference | null;
  events: number;
}

/** Re-runs a seed twice with readable traces (the second with `second`'s options too) and finds the first event where they part. */
export async function firstDifference(
  scenario: AnyScenario, seed: number, schedule: RunResult['schedule'], maxOps?: number, second: Pick<RunOnceOptions, 'freezeSentBodies'> = {},
): Promise<TraceComparison> {
  const options = { recordTrace: true, ...(maxOps !== undefined ? { maxOps } : {}) };
  const a = await runOnce(scenario, seed, schedule, options);
  const b = await runOnce(scenario, seed, schedule, { ...options, ...second });
  const ta = a.artifacts.sim.trace;
  return { difference: firstTraceDifference(ta, b.artifacts.sim.trace), events: ta.length };
}

/** The comparison in words: the first differing event, or that the readable traces agree. */
export function describeTraceComparison({ difference: d, events }: TraceComparison): string {
  if (d !== null) return `first differing event #${d.index}: "${d.a ?? '(none)'}" vs "${d.b ?? '(none)'}"`;
  return `the readable traces (${events} events) agree; the difference is in event payloads the trace lines do not show`;
}

/** A seed that never produced a result (the worker died, the arbitrary threw): a failure with the reason. */
export function failedRun(scenario: Pick<AnyScenario, 'id' | 'expect'>, seed: number, error: string, schedule: RunResult['schedule'] = []): RunResult {
  return {
    scenario: scenario.id, seed, schedule, traceHash: '', verdict: 'error', expected: scenario.expect, checks: [], error,
    stopReason: 'error',
    stats: {
      events: 0, timeUs: 0, timersFired: 0, faultsApplied: 0, fsyncs: 0, droppedLogLines: 0,
      network: { sent: 0, delivered: 0, duplicated: 0, dropped: { partition: 0, loss: 0, down: 0, reset: 0, stale: 0 } },
    },
    coverage: {}, wallMs: 0,
  };
}
