/** A pool worker: runs seeds it is sent and posts each RunResult back (started by the bundled worker script). */
import { parentPort } from 'node:worker_threads';
import { allScenarios } from './registry.js';
import { describeError } from './run-once.js';
import { failedRun, runSeed } from './run-seed.js';
import type { AnyScenario } from './scenario.js';
import { scenariosOfModule } from './scenario-modules.js';
import type { PoolJob, WorkerReply } from './pool.js';

/** Serves jobs for the registry's scenarios plus those of the user's scenario modules ([file, namespace] pairs). */
export function startWorker(modules: readonly (readonly [string, Record<string, unknown>])[]): void {
  const port = parentPort;
  if (port === null) throw new Error('harness/run/worker.ts must run in a worker thread');
  const byId = new Map<string, AnyScenario>(allScenarios().map((s) => [s.id, s]));
  for (const [file, namespace] of modules) for (const s of scenariosOfModule(namespace, file)) byId.set(s.id, s);

  port.on('message', async (job: PoolJob) => {
    const scenario = byId.get(job.scenario);
    let reply: WorkerReply;
    if (scenario === undefined) {
      reply = { index: job.index, result: failedRun({ id: job.scenario, expect: 'pass' }, job.seed, `worker: unknown scenario "${job.scenario}"`) };
    } else {
      try {
        reply = { index: job.index, result: await runSeed(scenario, job.seed, { checkDeterminism: job.checkDeterminism === true }) };
      } catch (error) {
        reply = { index: job.index, result: failedRun(scenario, job.seed, describeError(error)) };
      }
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      // A result that cannot be cloned (a checker put a function in its anomalies) still fails only this seed.
      port.postMessage({ index: job.index, result: failedRun(scenario ?? { id: job.scenario, expect: 'pass' }, job.seed, `result could not be sent from the worker: ${describeError(error)}`) });
    }
  });
  port.postMessage('ready');
}
