/**
 * Worker pool for seed sweeps (node:worker_threads). Jobs go out one at a time to idle workers; results
 * land in job order, so the output does not depend on the worker count. A worker that dies fails only
 * the seed it was running (with the reason) and is replaced; an abort stops dispatching, ends the
 * workers and returns what was found so far.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describeError, scheduleForSeed, type RunResult } from './run-once.js';
import { failedRun } from './run-seed.js';
import type { AnyScenario } from './scenario.js';
import { workerScript } from './worker-script.js';

export interface PoolJob {
  index: number;
  scenario: string;
  seed: number;
  checkDeterminism?: boolean;
}

export interface WorkerReply {
  index: number;
  result: RunResult;
}

export interface PoolOptions {
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Extra modules exporting `SCENARIOS` that workers load (scenarios outside scenarios/index.ts, e.g. tests). */
  scenarioModules?: string[];
  /** Called as each result arrives (in completion order), e.g. to write a replay file at once. */
  onResult?: (result: RunResult, job: PoolJob) => void;
  signal?: AbortSignal;
  /** Scenario lookup for failures of dead workers (expectation, schedule). */
  scenarios: ReadonlyMap<string, AnyScenario>;
}

export interface PoolOutcome {
  /** Results by job index; a hole means the job never ran (aborted). */
  results: (RunResult | undefined)[];
  interrupted: boolean;
  workers: number;
}

/** Replacement workers allowed per original worker, so a model that kills every worker cannot loop forever. */
const MAX_RESPAWNS_PER_WORKER = 50;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export async function runPool(jobs: readonly PoolJob[], options: PoolOptions): Promise<PoolOutcome> {
  const results: (RunResult | undefined)[] = new Array(jobs.length);
  const workerCount = Math.max(1, Math.min(options.workers ?? defaultWorkers(), jobs.length));
  if (jobs.length === 0) return { results, interrupted: false, workers: 0 };
  const script = await workerScript(options.scenarioModules ?? []).then(
    (path) => ({ path }),
    (error: unknown) => ({ error: describeError(error) }),
  );
  let next = 0;
  let done = 0;
  let respawns = 0;
  let interrupted = false;
  const live = new Set<Worker>();

  return await new Promise<PoolOutcome>((resolve) => {
    const finish = (): void => {
      for (const w of live) void w.terminate();
      live.clear();
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ results, interrupted, workers: workerCount });
    };
    const onAbort = (): void => {
      interrupted = true;
      finish();
    };
    if (options.signal?.aborted) {
      interrupted = true;
      resolve({ results, interrupted, workers: workerCount });
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const record = (job: PoolJob, result: RunResult): void => {
      if (results[job.index] !== undefined || interrupted) return;
      results[job.index] = result;
      done++;
      try {
        options.onResult?.(result, job);
      } catch {
        // A failing callback (e.g. a full disk while writing a replay file) must not stop the sweep.
      }
      if (done === jobs.length) finish();
    };

    const deadResult = (job: PoolJob, reason: string): RunResult => {
      const scenario = options.scenarios.get(job.scenario) ?? { id: job.scenario, expect: 'pass' as const };
      let schedule: RunResult['schedule'] = [];
      try {
        if ('nemesis' in scenario) schedule = scheduleForSeed(scenario, job.seed);
      } catch {
        // The schedule is only for the report; the failure stands without it.
      }
      return failedRun(scenario, job.seed, `worker died while running ${job.scenario} seed ${job.seed}: ${reason}`, schedule);
    };

    if ('error' in script) {
      for (const job of jobs) record(job, deadResult(job, script.error));
      return;
    }
    const { path } = script;
    const start = (): void => {
      const worker = new Worker(path, { execArgv: ['--enable-source-maps'] });
      live.add(worker);
      let current: PoolJob | null = null;
      let failure: string | null = null;
      const dispatch = (): void => {
        if (interrupted) return;
        const job = jobs[next];
        if (job === undefined) {
          current = null;
          live.delete(worker);
          void worker.terminate();
          return;
        }
        next++;
        current = job;
        worker.postMessage(job);
      };
      worker.on('message', (message: WorkerReply | 'ready') => {
        if (message === 'ready') return dispatch();
        const job = jobs[message.index];
        if (job !== undefined) record(job, message.result);
        dispatch();
      });
      worker.on('error', (error) => {
        failure = describeError(error);
      });
      worker.on('exit', (code) => {
        if (!live.has(worker)) return;
        live.delete(worker);
        if (interrupted) return;
        if (current !== null) record(current, deadResult(current, failure ?? `the worker exited with code ${code}`));
        else if (next === 0 && failure !== null && live.size === 0) {
          // Workers cannot even start (broken install): fail every job rather than spin.
          for (const job of jobs) record(job, deadResult(job, failure));
          return;
        }
        if (next < jobs.length && respawns < MAX_RESPAWNS_PER_WORKER * workerCount) {
          respawns++;
          start();
        } else if (live.size === 0) {
          for (const job of jobs.slice(next)) record(job, deadResult(job, failure ?? 'no workers left'));
          if (done === jobs.length) return;
          finish();
        }
      });
    };
    for (let i = 0; i < workerCount; i++) start();
  });
}
