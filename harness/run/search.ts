/**
 * Property search and shrinking with fast-check. A run "fails the property" when it is a finding: a
 * violation or error in a scenario expected to pass, a violation in a documented-unsafe one. fast-check
 * then shrinks the schedule (fewer faults, shorter faults, earlier heals: all from the arbitrary).
 */
import fc from 'fast-check';
import type { Schedule } from '../faults/types.js';
import { nemesisArbitrary, runOnce, type RunResult } from './run-once.js';
import type { AnyScenario } from './scenario.js';

/** fast-check's own seed when `--seed` is not given: a constant, so a search is reproducible. */
export const DEFAULT_SEARCH_SEED = 20_260_101;
/** Most runs spent shrinking one failure ("put a limit on everything"). */
export const DEFAULT_SHRINK_RUNS = 300;

/** Whether a run is what the search looks for: the thing that decides the scenario's status. */
export function isFinding(scenario: Pick<AnyScenario, 'expect'>, result: Pick<RunResult, 'verdict'>): boolean {
  return scenario.expect === 'violation' ? result.verdict === 'violation' : result.verdict === 'violation' || result.verdict === 'error';
}

export interface ShrinkResult {
  /** The run of the smallest schedule found that is still a finding. */
  result: RunResult;
  original: Schedule;
  /** Runs spent shrinking (including the first). */
  runs: number;
  /** Successful shrink steps. */
  steps: number;
}

export interface ShrinkOptions {
  maxRuns?: number;
  /** Stops shrinking (keeping the smallest found so far) when aborted, e.g. on Ctrl-C. */
  signal?: AbortSignal;
  timeLimitMs?: number;
}

/**
 * Shrinks the schedule of a failing sweep seed, keeping the seed. fast-check's first draw for `seed` is
 * exactly `scheduleForSeed(scenario, seed)`, so the search starts from the failing run and shrinks it.
 * Returns null when the seed's run is not a finding.
 */
export async function shrinkSeed(scenario: AnyScenario, seed: number, options: ShrinkOptions = {}): Promise<ShrinkResult | null> {
  const maxRuns = options.maxRuns ?? DEFAULT_SHRINK_RUNS;
  let runs = 0;
  let original: Schedule | null = null;
  const property = fc.asyncProperty(nemesisArbitrary(scenario), async (schedule) => {
    if (runs >= maxRuns || (options.signal?.aborted === true && original !== null)) return true;
    runs++;
    original ??= schedule;
    const { result } = await runOnce(scenario, seed, schedule);
    return !isFinding(scenario, result);
  });
  const details = await fc.check(property, {
    seed, numRuns: 1,
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const counterexample = details.counterexample?.[0];
  if (!details.failed || counterexample === undefined || original === null) return null;
  const { result, artifacts } = await runOnce(scenario, seed, counterexample);
  const fewer = await shrinkOps(scenario, seed, counterexample, invocations(artifacts.history), Math.max(0, maxRuns - runs), options.signal);
  return { result: fewer?.result ?? result, original, runs: runs + (fewer?.runs ?? 0), steps: details.numShrinks + (fewer?.steps ?? 0) };
}

function invocations(history: readonly { type: string }[]): number {
  let n = 0;
  for (const op of history) if (op.type === 'invoke') n++;
  return n;
}

/**
 * Second shrinking stage, once the schedule is small: fewer client operations. fast-check shrinks the
 * run's `maxOps` from the number the run invoked towards 1, keeping the smallest that is still a finding.
 */
export async function shrinkOps(
  scenario: AnyScenario, seed: number, schedule: Schedule, ops: number, maxRuns: number, signal?: AbortSignal,
): Promise<{ result: RunResult; runs: number; steps: number } | null> {
  if (ops <= 1 || maxRuns <= 0) return null;
  let runs = 0;
  const property = fc.asyncProperty(fc.integer({ min: 1, max: ops }), async (maxOps) => {
    if (runs >= maxRuns || signal?.aborted === true) return true;
    runs++;
    const { result } = await runOnce(scenario, seed, schedule, { maxOps });
    return !isFinding(scenario, result);
  });
  const details = await fc.check(property, { seed, numRuns: 1, examples: [[ops]] });
  const maxOps = details.counterexample?.[0];
  if (!details.failed || maxOps === undefined) return null;
  const { result } = await runOnce(scenario, seed, schedule, { maxOps });
  return isFinding(scenario, result) ? { result, runs, steps: details.numShrinks } : null;
}

export interface SearchOptions {
  /** Runs to generate (not counting shrinking). */
  runs: number;
  /** fast-check's seed for the whole search. */
  seed?: number;
  timeLimitMs?: number;
  shrinkRuns?: number;
  onRun?: (result: RunResult) => void;
}

export interface SearchResult {
  scenario: string;
  /** The generated runs, in order (shrink attempts excluded). */
  results: RunResult[];
  /** Runs made in all, shrink attempts included. */
  runsMade: number;
  /** The shrunk finding, if one was found. */
  finding: { first: RunResult; shrunk: RunResult; steps: number } | null;
  interrupted: boolean;
}

/** A property search over (seed, schedule): fast-check draws both, stops at the first finding and shrinks it. */
export async function searchScenario(scenario: AnyScenario, options: SearchOptions): Promise<SearchResult> {
  const shrinkRuns = options.shrinkRuns ?? DEFAULT_SHRINK_RUNS;
  const results: RunResult[] = [];
  let first: RunResult | null = null;
  let shrinkAttempts = 0;
  const property = fc.asyncProperty(fc.integer({ min: 0, max: 0x7fff_ffff }), nemesisArbitrary(scenario), async (seed, schedule) => {
    if (first !== null) {
      if (shrinkAttempts >= shrinkRuns) return true;
      shrinkAttempts++;
    }
    const { result } = await runOnce(scenario, seed, schedule);
    if (first === null) {
      results.push(result);
      options.onRun?.(result);
    }
    const finding = isFinding(scenario, result);
    if (finding) first ??= result;
    return !finding;
  });
  const details = await fc.check(property, {
    seed: options.seed ?? DEFAULT_SEARCH_SEED,
    numRuns: options.runs,
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  let finding: SearchResult['finding'] = null;
  const counterexample = details.counterexample;
  if (details.failed && first !== null && counterexample !== null) {
    const [seed, schedule] = counterexample;
    const { result, artifacts } = await runOnce(scenario, seed, schedule);
    const fewer = await shrinkOps(scenario, seed, schedule, invocations(artifacts.history), Math.max(0, shrinkRuns - shrinkAttempts));
    if (fewer) shrinkAttempts += fewer.runs;
    finding = { first, shrunk: fewer?.result ?? result, steps: details.numShrinks + (fewer?.steps ?? 0) };
  }
  return { scenario: scenario.id, results, runsMade: results.length + shrinkAttempts + (finding ? 1 : 0), finding, interrupted: details.interrupted };
}
