/**
 * What the report writers (HTML, JUnit XML, terminal summary) are given. The runner fills it; the
 * writers only read it, so a report can be rebuilt from a replay file or from merged shard results.
 */
import type { FaultSchedule } from '../harness/faults/types.js';
import type { History } from '../harness/history/types.js';
import type { RunResult } from '../harness/run/run-once.js';
import type { ClockSample, MessageRecord, Note } from '../harness/sim/simulation.js';

/** Per-scenario outcome over all its seeds. */
export interface ScenarioSummary {
  scenario: string;
  description: string;
  expect: 'pass' | 'violation';
  seedsRun: number;
  /** Counts of run verdicts. */
  verdicts: { pass: number; violation: number; unknown: number; error: number };
  /**
   * Whether the scenario met its expectation (a violation scenario: at least one violation found);
   * `undecided`: a shard, an interrupted run or one cut short by the time limit did not find the expected
   * violation in the seeds it ran; the full suite decides.
   */
  status: 'as-expected' | 'unexpected' | 'unknown' | 'undecided';
  /** Seed of the first run that decided the status (the failing seed, or the seed that found the violation). */
  decidingSeed?: number;
  wallMs: number;
}

export interface CoverageGoalResult {
  goal: string;
  atLeast: number;
  count: number;
  met: boolean;
}

/** How a panel segment or mark is coloured: green, amber, red or grey. */
export type PanelTone = 'ok' | 'warn' | 'bad' | 'neutral';

/** A span of time in one state (a role, an owner, a log length). */
export interface PanelSegment {
  fromUs: number;
  toUs: number;
  text: string;
  tone?: PanelTone;
}

/**
 * A point event (a leader elected, a full resync, a switch-master): drawn as a small triangle and tick
 * over the row, on top of the segment it happens in, which stays visible; hovering it shows the label and
 * its time, then the state under it.
 */
export interface PanelMark {
  atUs: number;
  label: string;
  /** Default `neutral`. */
  tone?: PanelTone;
}

/** One row of a panel: one entity (a server, a partition, a shard). */
export interface PanelRow {
  label: string;
  /** States over time; they should not overlap (the first one under the cursor is the tooltip's). */
  segments: PanelSegment[];
  /** Point events over the states. */
  marks?: PanelMark[];
}

/**
 * A model-contributed panel: named series over time, drawn as bands with point marks over them
 * (replica logs and high watermarks, leader per epoch, shard ownership...). The report opens on a range
 * that reaches the last mark of every panel (see `initialView` in html/timeline-data.ts), so a mark is
 * also how a panel says "the story goes on until here".
 */
export interface ModelPanel {
  title: string;
  /** One row per entity (a server, a partition, a shard). */
  rows: PanelRow[];
}

/**
 * Note conventions the HTML timeline understands (`ctx.note(kind, data)` from any node). Other kinds
 * are drawn as small markers on the node's lane, with their data in the tooltip.
 *
 * - `lock-acquired` `{ lock: string }` and `lock-released` `{ lock: string }`: the noting node holds
 *   `lock` from the acquired note until the matching released note (or the end of the run).
 * - `lock-belief` `{ lock: string, fromUs: number, toUs: number, trueValidUntilUs?: number }`: the node
 *   believes it holds `lock` over true time [fromUs, toUs] (its own clock, converted to true time by the
 *   model), while the lock is really valid until `trueValidUntilUs`. The report draws the belief and
 *   marks the part after the true validity as held-but-expired, which is how a lease bug looks.
 * - `lock-held` `{ lock, client, session, fromUs, untilUs }`: a belief begins (harness/check/locks/notes.ts);
 *   one no `lock-belief` closed is drawn until the client crashed, the run ended or `untilUs`.
 */
export const LOCK_NOTE_KINDS = ['lock-acquired', 'lock-released', 'lock-belief', 'lock-held'] as const;

/** Everything needed to show one failing (or violation-finding) run. */
export interface FailureDetail {
  run: RunResult;
  /** The faults the replayed run applied (run.schedule's, triggered ones at the times they fired). */
  schedule: FaultSchedule;
  /** One line per fault, in words. */
  scheduleText: string[];
  /** `npx faultline replay <file>`. */
  replayCommand: string;
  replayFile?: string;
  history: History;
  notes: Note[];
  messages: MessageRecord[];
  clockSamples: ClockSample[];
  panels: ModelPanel[];
  /** Nodes (servers then clients) in display order. */
  nodes: { servers: string[]; clients: string[] };
  /** Run length in µs (the time axis). */
  endUs: number;
  /** When the simulation actually stopped, µs (earlier than `endUs` if it went quiet): where checkers end open beliefs. */
  ranUntilUs?: number;
  /**
   * When the nemesis phase ended and everything still open was healed, µs. Fault intervals left open by
   * the schedule end here in the timeline; without it they run to `endUs`.
   */
  nemesisEndUs?: number;
  /** Wall-clock reading at true time 0 (SimulationOptions.wallEpochMs), so clock offsets are exact. */
  wallEpochMs?: number;
}

export interface SuiteReport {
  title: string;
  faultlineVersion: string;
  /** Wall-clock time the suite started (ISO string), recorded by the CLI, never by models. */
  startedAt: string;
  command: string;
  scenarios: ScenarioSummary[];
  runs: RunResult[];
  coverage: CoverageGoalResult[];
  failures: FailureDetail[];
  /** Overall: 0 as expected, 1 violation / expected violation not found, 2 artifacts not written, 3 unknown or interrupted. */
  exitCode: 0 | 1 | 2 | 3;
  wallMs: number;
}
