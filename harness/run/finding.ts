/**
 * What a suite (or a merge of shards) does with the run that decided a scenario: shrink it once, write
 * the shrunk replay file, and re-run the result with a timeline for the report's failure detail.
 */
import type { FailureDetail } from '../../reports/types.js';
import { describeSchedule } from '../faults/describe.js';
import { errorOnlyDetail, failureDetail } from './failure-detail.js';
import type { Finding } from './results-file.js';
import type { RunResult } from './run-once.js';
import type { AnyScenario } from './scenario.js';
import { isFinding, shrinkSeed } from './search.js';

export interface DecidingRun {
  scenario: AnyScenario;
  run: RunResult;
  /** The replay file of the sweep run, when it was written. */
  replayFile?: string;
  /** Already shrunk (a property search shrinks as it goes). */
  shrunk?: { result: RunResult; runs: number };
  shrink: boolean;
  /** Whether to build the report's failure detail (it re-runs the run once). */
  detail: boolean;
  signal?: AbortSignal;
  note: (line: string) => void;
  /** Writes the shrunk run's replay file; returns its path, or undefined when it could not be written. */
  saveShrunk: (result: RunResult) => string | undefined;
}

export async function settleFinding(d: DecidingRun): Promise<{ finding: Finding; failure?: FailureDetail; runs: number }> {
  const { scenario, run } = d;
  const finding: Finding = { scenario: scenario.id, seed: run.seed, scheduleText: describeSchedule(run.schedule, run.fired) };
  if (d.replayFile !== undefined) finding.replayFile = d.replayFile;
  // A dead worker (or a scenario that failed before its simulation started) leaves no trace: its error is
  // the detail, as re-running it here could take the main thread down too.
  if (run.traceHash === '') return d.detail ? { finding, failure: errorOnlyDetail(scenario, run, d.replayFile), runs: 0 } : { finding, runs: 0 };
  let shrunk = d.shrunk;
  if (shrunk === undefined && d.shrink && d.signal?.aborted !== true && isFinding(scenario, run)) {
    d.note(`shrinking ${scenario.id} seed ${run.seed} (${run.schedule.length} faults)...`);
    const s = await shrinkSeed(scenario, run.seed, d.signal ? { signal: d.signal } : {});
    if (s !== null) shrunk = { result: s.result, runs: s.runs };
  }
  let shown = run;
  let detailFile = d.replayFile;
  if (shrunk !== undefined) {
    shown = shrunk.result;
    finding.scheduleText = describeSchedule(shown.schedule, shown.fired);
    finding.shrinkRuns = shrunk.runs;
    if (shown.maxOps !== undefined) finding.maxOps = shown.maxOps;
    const path = d.saveShrunk(shown);
    if (path !== undefined) {
      finding.shrunkReplayFile = path;
      detailFile = path;
    }
    d.note(`${scenario.id} seed ${run.seed}: shrunk to ${shown.schedule.length} faults${shown.maxOps !== undefined ? ` and ${shown.maxOps} client operations` : ''} in ${shrunk.runs} runs${path ? `; replay file ${path}` : ''}`);
  }
  const out: { finding: Finding; failure?: FailureDetail; runs: number } = { finding, runs: shrunk?.runs ?? 0 };
  if (d.detail) out.failure = await failureDetail(scenario, shown, detailFile);
  return out;
}
