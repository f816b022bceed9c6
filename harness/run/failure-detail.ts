/** Re-runs a (shrunk) failing run with a timeline to give the report everything it draws. */
import type { FailureDetail, ModelPanel } from '../../reports/types.js';
import { describeSchedule } from '../faults/describe.js';
import { describeError, runOnce, type RunResult } from './run-once.js';
import { scenarioModuleOf } from './define-scenario.js';
import { displayPath, isInside } from './files.js';
import { PACKAGE_ROOT } from './package-files.js';
import type { AnyScenario, RunArtifacts } from './scenario.js';

const shellWord = (word: string): string => (/[\s'"$`\\]/.test(word) ? `'${word.replaceAll("'", "'\\''")}'` : word);

export function replayCommand(file: string): string {
  return `npx faultline replay ${shellWord(file)}`;
}

/** A seed re-run by id, with the user's module that defines the scenario (a catalogue scenario needs none). */
function rerunCommand(scenario: AnyScenario, seed: number): string {
  const module = scenarioModuleOf(scenario);
  const own = module !== null && !isInside(PACKAGE_ROOT, module);
  return `npx faultline run ${scenario.id}${own ? ` --scenario-module ${shellWord(displayPath(module))}` : ''} --seed ${seed} --seeds 1`;
}

export async function failureDetail(scenario: AnyScenario, run: Pick<RunResult, 'seed' | 'schedule' | 'maxOps'>, replayFile?: string): Promise<FailureDetail> {
  const { result, artifacts } = await runOnce(scenario, run.seed, run.schedule, { recordTimeline: true, ...(run.maxOps !== undefined ? { maxOps: run.maxOps } : {}) });
  return failureDetailOf(scenario, result, artifacts, replayFile);
}

/** The report's detail for a run already made with `recordTimeline` (its artifacts carry the timeline). */
export function failureDetailOf(scenario: AnyScenario, result: RunResult, artifacts: RunArtifacts, replayFile?: string): FailureDetail {
  let panels: ModelPanel[] = [];
  try {
    panels = scenario.panels?.(artifacts) ?? [];
  } catch (error) {
    panels = [{ title: `panels failed: ${describeError(error).split('\n')[0] ?? ''}`, rows: [] }];
  }
  const sim = artifacts.sim;
  const detail: FailureDetail = {
    run: result,
    schedule: artifacts.schedule,
    scheduleText: describeSchedule(result.schedule, result.fired),
    replayCommand: replayFile !== undefined ? replayCommand(replayFile) : rerunCommand(scenario, result.seed),
    history: artifacts.history,
    notes: [...artifacts.notes],
    messages: [...sim.messages],
    clockSamples: [...sim.clockSamples],
    panels,
    nodes: { servers: [...sim.serverIds], clients: [...sim.clientIds] },
    endUs: Math.round((scenario.phases.nemesisMs + scenario.phases.quiesceMs) * 1000),
    ranUntilUs: sim.nowUs,
    nemesisEndUs: Math.round(scenario.phases.nemesisMs * 1000),
  };
  if (replayFile !== undefined) detail.replayFile = replayFile;
  return detail;
}

/**
 * A run that left no trace (its worker died, or the scenario failed before the simulation started): its
 * error and schedule, with nothing re-run (what killed a worker could take the main thread down too).
 */
export function errorOnlyDetail(scenario: AnyScenario, run: RunResult, replayFile?: string): FailureDetail {
  const detail: FailureDetail = {
    run,
    schedule: [], // none known to have been applied
    scheduleText: describeSchedule(run.schedule, run.fired),
    replayCommand: replayFile !== undefined ? replayCommand(replayFile) : rerunCommand(scenario, run.seed),
    history: [], notes: [], messages: [], clockSamples: [], panels: [],
    nodes: { servers: [...scenario.topology.servers], clients: [...scenario.topology.clients] },
    endUs: Math.round((scenario.phases.nemesisMs + scenario.phases.quiesceMs) * 1000),
  };
  if (replayFile !== undefined) detail.replayFile = replayFile;
  return detail;
}
