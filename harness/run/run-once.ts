import fc from 'fast-check';
import type { Validity } from '../check/verdict.js';
import { compileNemesis } from '../faults/nemesis-plan.js';
import { scheduleArbitrary } from '../faults/arbitrary.js';
import type { FiredTrigger, Schedule } from '../faults/types.js';
import { hostNowMs } from '../guard/runtime-guard.js';
import { Simulation, type SimStats } from '../sim/simulation.js';
import type { StopReason } from '../sim/types.js';
import type { AnyScenario, LivenessCheck, RunArtifacts } from './scenario.js';

export interface CheckerVerdict {
  checker: string;
  valid: Validity;
  explanation: string;
  anomalies: unknown[];
  stats?: Record<string, unknown>;
}

/** `error`: the model, a workload or a checker threw; the seed fails with the message and stack. */
export type Outcome = 'pass' | 'violation' | 'unknown' | 'error';

export interface RunResult {
  scenario: string;
  seed: number;
  schedule: Schedule;
  /** The triggered entries of `schedule` that fired, in firing order (absent when it has none). */
  fired?: FiredTrigger[];
  traceHash: string;
  verdict: Outcome;
  expected: 'pass' | 'violation';
  checks: CheckerVerdict[];
  error?: string;
  stopReason: StopReason | 'error';
  stats: SimStats;
  coverage: Record<string, number>;
  wallMs: number;
  /** Set when the run was cut to this many client operations (shrinking); replays must pass it back. */
  maxOps?: number;
}

export interface RunOnceOptions {
  /** Keep a readable line per event (determinism diffs). */
  recordTrace?: boolean;
  /** Keep message fates and clock samples (reports). */
  recordTimeline?: boolean;
  /**
   * Tell clients to wind down (as at the end of the nemesis) once this many operations were invoked:
   * the knob shrinking turns to find a shorter history. Checked every OPS_POLL_MS of true time.
   */
  maxOps?: number;
  /** Deep-freeze every message body as it is sent, so a model that changes one afterwards fails naming the node. */
  freezeSentBodies?: boolean;
}

export const OPS_POLL_MS = 1;

/**
 * The arbitrary a scenario's nemesis draws schedules from, over its nemesis window: its main schedule,
 * then the faults its `triggered` options hang on protocol points. The main schedule is drawn first,
 * so it is the same with or without them.
 */
export function nemesisArbitrary(scenario: AnyScenario): fc.Arbitrary<Schedule> {
  const window = { startUs: 0, endUs: Math.round(scenario.phases.nemesisMs * 1000) };
  const main = scenario.nemesis.arbitrary?.(scenario.topology, window) ??
    scheduleArbitrary(scenario.topology, { ...scenario.nemesis.schedule, ...window });
  const triggered = scenario.nemesis.triggered;
  if (triggered === undefined) return main;
  return fc.tuple(main, scheduleArbitrary(scenario.topology, { ...triggered, ...window })).map(([a, b]) => [...a, ...b]);
}

/** The schedule a plain (non-shrinking) run of `seed` uses: fast-check's draw for that seed. */
export function scheduleForSeed(scenario: AnyScenario, seed: number): Schedule {
  const [schedule] = fc.sample(nemesisArbitrary(scenario), { seed, numRuns: 1 });
  return schedule ?? [];
}

/**
 * One run: build the system, play the schedule during the nemesis phase, heal everything, tell clients
 * to stop, let the system quiesce (final reads happen here), then run every checker.
 */
export async function runOnce(
  scenario: AnyScenario,
  seed: number,
  schedule: Schedule,
  options: RunOnceOptions = {},
): Promise<{ result: RunResult; artifacts: RunArtifacts }> {
  const started = hostNowMs();
  const nemesisUs = Math.round(scenario.phases.nemesisMs * 1000);
  const system = scenario.build(scenario.config);
  const nemesis = compileNemesis(schedule, scenario.topology, nemesisUs);
  const sim = new Simulation({
    seed,
    servers: system.servers,
    clients: system.clients,
    ...(system.link ? { link: system.link } : {}),
    ...(system.fifo !== undefined ? { fifo: system.fifo } : {}),
    ...(system.clocks ? { clocks: system.clocks } : {}),
    ...(system.buggify !== undefined ? { buggify: system.buggify } : {}),
    ...(scenario.maxEvents !== undefined ? { maxEvents: scenario.maxEvents } : {}),
    ...(options.recordTrace ? { recordTrace: true } : {}),
    ...(options.recordTimeline ? { recordTimeline: true } : {}),
    ...(options.freezeSentBodies ? { freezeSentBodies: true } : {}),
    faults: nemesis.actions,
    ...(nemesis.onPoint ? { onPoint: nemesis.onPoint } : {}),
  });
  sim.at(scenario.phases.nemesisMs, 'nemesis over: clients wind down', () => sim.setStopping());
  if (options.maxOps !== undefined) limitOps(sim, options.maxOps, scenario.phases.nemesisMs);
  const liveness = (scenario.liveness ?? []).map((check) => watchLiveness(sim, check, scenario.phases.nemesisMs));
  const artifacts: RunArtifacts = { history: sim.history, notes: sim.notes, schedule: [], fired: nemesis.fired, sim };
  const base = {
    scenario: scenario.id, seed, schedule, expected: scenario.expect,
    ...(nemesis.onPoint ? { fired: nemesis.fired } : {}),
    ...(options.maxOps !== undefined ? { maxOps: options.maxOps } : {}),
  };
  let stopReason: StopReason | 'error';
  try {
    stopReason = await sim.run(scenario.phases.nemesisMs + scenario.phases.quiesceMs);
    const clientError = sim.clientErrors[0];
    if (clientError !== undefined) throw new Error(`client ${clientError.node} failed: ${describeError(clientError.error)}`, { cause: clientError.error });
  } catch (error) {
    artifacts.schedule = nemesis.applied();
    return {
      result: {
        ...base, traceHash: sim.traceHash(), verdict: 'error', checks: [], error: describeError(error),
        stopReason: 'error', stats: sim.stats(), coverage: Object.fromEntries(sim.coverage), wallMs: hostNowMs() - started,
      },
      artifacts,
    };
  }
  artifacts.schedule = nemesis.applied();
  const checks: CheckerVerdict[] = [];
  let error: string | undefined;
  for (const checker of scenario.checkers) {
    try {
      checks.push({ checker: checker.name, ...checker.check(artifacts) });
    } catch (e) {
      error = `checker ${checker.name} failed: ${describeError(e)}`;
      break;
    }
  }
  if (error === undefined) for (const watch of liveness) checks.push(watch.verdict());
  const verdict: Outcome = error !== undefined ? 'error'
    : checks.some((c) => c.valid === false) ? 'violation'
    : checks.some((c) => c.valid === 'unknown') ? 'unknown'
    : 'pass';
  const result: RunResult = {
    ...base, traceHash: sim.traceHash(), verdict, checks, stopReason,
    stats: sim.stats(), coverage: Object.fromEntries(sim.coverage), wallMs: hostNowMs() - started,
  };
  if (error !== undefined) result.error = error;
  return { result, artifacts };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Polls a liveness check from the end of the nemesis until it holds or its deadline passes. */
function watchLiveness(sim: Simulation, check: LivenessCheck, fromMs: number): { verdict(): CheckerVerdict } {
  const pollMs = check.pollMs ?? 10;
  const deadlineMs = fromMs + check.withinMs;
  let heldAtMs: number | null = null;
  let stuck: string | null = null;
  const poll = (atMs: number): void => {
    if (check.holds(sim)) {
      heldAtMs = atMs;
    } else if (atMs >= deadlineMs) {
      stuck = check.describe?.(sim) ?? 'the predicate was still false';
    } else {
      sim.at(Math.min(atMs + pollMs, deadlineMs), `liveness: ${check.name}`, () => poll(Math.min(atMs + pollMs, deadlineMs)));
    }
  };
  sim.at(fromMs, `liveness: ${check.name}`, () => poll(fromMs));
  return {
    verdict: () => {
      const checker = `eventually: ${check.name}`;
      if (heldAtMs !== null) {
        return { checker, valid: true, explanation: `held ${heldAtMs - fromMs} ms after the heal`, anomalies: [] };
      }
      const explanation = stuck !== null
        ? `did not hold within ${check.withinMs} ms of the heal; stuck state: ${stuck}`
        : `the run ended before the ${check.withinMs} ms deadline and it had not held`;
      return { checker, valid: false, explanation, anomalies: stuck !== null ? [{ stuck }] : [] };
    },
  };
}

/** Counts invocations as they are recorded and asks clients to stop at the limit. */
function limitOps(sim: Simulation, maxOps: number, untilMs: number): void {
  let seen = 0;
  let invoked = 0;
  const poll = (atMs: number): void => {
    const history = sim.history;
    for (; seen < history.length; seen++) if (history[seen]?.type === 'invoke') invoked++;
    if (invoked >= maxOps) sim.setStopping();
    else if (atMs + OPS_POLL_MS < untilMs) sim.at(atMs + OPS_POLL_MS, 'ops limit', () => poll(atMs + OPS_POLL_MS));
  };
  sim.at(0, 'ops limit', () => poll(0));
}
