/**
 * Documented unsafe: an instance paused (a GC pause, SIGSTOP; the same as a partition from ZooKeeper)
 * for longer than its session timeout in the middle of a run. ZooKeeper expires its session: its
 * /instances node and its items' /running nodes go; the others see the instance set change, the leader
 * finds nothing running, re-shards, and the items' new owner runs them. The paused instance resumes still
 * inside its run and finishes it: two instances ran one item at once. ElasticJob-Lite does not promise
 * otherwise under network partitions (its docs: sharding is re-done when the registry loses an instance,
 * a job already running is not stopped).
 */
import { pauseEachOnceArbitrary, faultsAtPoints } from '../../harness/index.js';
import { elasticJobScenario, JOBS, SESSION_TIMEOUT_MS } from './shared.js';

export const elasticJobPausedInstance = elasticJobScenario({
  id: 'elastic-job/paused-instance',
  description:
    'ElasticJob-Lite sharding (6 items, 3 instances, monitorExecution) over a 3-server ZooKeeper; each instance is paused once for two to four session timeouts. ' +
    'Expected: a paused instance resumes inside a run whose items were re-sharded to another instance meanwhile, so one item runs on two instances at once.',
  tags: ['elastic-job', 'nightly', 'smoke'],
  expect: 'violation',
  nemesis: {
    schedule: { kinds: ['pause'], pauseNodes: JOBS },
    // Every instance is paused once; whichever is mid-run then is the victim. Shrinks to fewer, shorter, earlier pauses.
    arbitrary: (topology, window) => pauseEachOnceArbitrary(topology.clients, window.startUs, {
      startMs: { min: 300, max: 2500 },
      durationMs: { min: 2 * SESSION_TIMEOUT_MS, max: 4 * SESSION_TIMEOUT_MS },
      optionalFreq: 5,
    }),
    // An instance paused right after it started running its items, past its session timeout.
    triggered: faultsAtPoints({
      points: ['elastic-job:run-started'], reporters: JOBS, kinds: ['pause'], victims: JOBS, durationMs: { min: 2 * SESSION_TIMEOUT_MS, max: 4 * SESSION_TIMEOUT_MS },
    }),
  },
  phases: { nemesisMs: 4000, quiesceMs: 2000 },
  seeds: { test: 6, nightly: 50 },
  coverage: [
    { goal: 'zk:session-expired', atLeast: 1 },
    { goal: 'elastic-job:resharded', atLeast: 1 },
  ],
});
