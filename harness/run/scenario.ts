import type fc from 'fast-check';
import type { AnyModel } from '../check/linearizability/model.js';
import type { CheckResult } from '../check/verdict.js';
import type { ModelPanel } from '../../reports/types.js';
import type { ScheduleOptions } from '../faults/options.js';
import type { FaultSchedule, FiredTrigger, Schedule, Topology } from '../faults/types.js';
import type { History } from '../history/types.js';
import type { Note, Simulation } from '../sim/simulation.js';
import type { ClientWorkload, ClockSpec, LinkParams, NodeFactory, NodeId } from '../sim/types.js';

/** What a scenario's `build` hands the kernel: the processes and the network they run on. */
export interface ScenarioSystem {
  servers: { id: NodeId; factory: NodeFactory }[];
  clients: { id: NodeId; workload: ClientWorkload; startMs?: number }[];
  link?: Partial<LinkParams>;
  fifo?: boolean;
  clocks?: Record<NodeId, ClockSpec>;
  buggify?: boolean;
}

/** The nemesis: which faults, over which nodes. The runner supplies the time window. */
export interface NemesisProfile {
  schedule: Omit<ScheduleOptions, 'startUs' | 'endUs'>;
  /** Replace the default arbitrary (for scenarios that need a particular shape of fault). */
  arbitrary?: (topology: Topology, window: { startUs: number; endUs: number }) => fc.Arbitrary<Schedule>;
  /**
   * Faults hung on protocol points, played on top of the schedule above: drawn by scheduleArbitrary
   * with these options (their `triggerPoints` name the points; `timedWeight: 0` draws only triggered
   * episodes), so they shrink away when the failure does not need them.
   */
  triggered?: Omit<ScheduleOptions, 'startUs' | 'endUs'>;
}

/** Everything a checker may look at once a run is over. */
export interface RunArtifacts {
  history: History;
  notes: readonly Note[];
  /** The faults the run applied: the timed ones and the triggered ones that fired, at their times (not the end-of-nemesis heal). */
  schedule: FaultSchedule;
  /** The triggered entries that fired, in firing order. */
  fired: readonly FiredTrigger[];
  sim: Simulation;
}

export interface ScenarioChecker {
  name: string;
  check(run: RunArtifacts): CheckResult;
  /**
   * A linearizability checker's reading of the history: the model and the part of the history it checks.
   * `faultline export` writes the history so, for a second opinion with the same model (Knossos, Porcupine).
   */
  linearizability?: { model: AnyModel; view?: (history: History) => History };
}

export interface Phases {
  /** Faults happen in [0, nemesisMs]; then everything heals and clients are told to stop. */
  nemesisMs: number;
  /** Time after the nemesis for recovery and final reads; the run ends at nemesisMs + quiesceMs. */
  quiesceMs: number;
}

export interface Scenario<Config = unknown> {
  /** `system/name`, e.g. `examples/primary-backup`. */
  id: string;
  description: string;
  /** Suites it belongs to (`smoke`, `nightly`) and the system's name. */
  tags: string[];
  /** `violation`: a documented-unsafe configuration; the scenario passes only when a checker finds the violation. */
  expect: 'pass' | 'violation';
  config: Config;
  topology: Topology;
  build(config: Config): ScenarioSystem;
  nemesis: NemesisProfile;
  phases: Phases;
  checkers: ScenarioChecker[];
  /** Seed budgets per suite. */
  seeds: { test: number; nightly: number };
  maxEvents?: number;
  /** Events (counted with `ctx.cover`) that must happen at least `atLeast` times across the suite's seeds. */
  coverage?: { goal: string; atLeast: number }[];
  /**
   * Liveness: after the nemesis (everything healed), each must hold within its `withinMs`, polled in
   * true time; one that never holds fails the run with the stuck state. Build them with `eventually`.
   */
  liveness?: LivenessCheck[];
  /** Model panels for the report (replica logs, leaders per epoch, ...), from a run recorded with a timeline. */
  panels?(run: RunArtifacts): ModelPanel[];
}

/** A condition the system must reach once faults stop (progress, convergence, a leader elected). */
export interface LivenessCheck {
  name: string;
  /** Deadline, counted from the end of the nemesis phase. */
  withinMs: number;
  /** Polling period in true time; default 10 ms. */
  pollMs?: number;
  holds(sim: Simulation): boolean;
  /** The stuck state in words, shown when the deadline passes without `holds`. */
  describe?(sim: Simulation): string;
}

/** `eventually(name, predicate, withinMs)`: the predicate must become true within `withinMs` of the heal. */
export function eventually(
  name: string,
  holds: (sim: Simulation) => boolean,
  withinMs: number,
  describe?: (sim: Simulation) => string,
): LivenessCheck {
  return describe ? { name, holds, withinMs, describe } : { name, holds, withinMs };
}

/** Erases the config type, for registries that hold scenarios of every model. */
export type AnyScenario = Scenario<any>;
