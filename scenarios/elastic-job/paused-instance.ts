/**
 * Documented unsafe: an instance paused (a GC pause, SIGSTOP; the same as a partition from ZooKeeper)
 * for longer than its session timeout in the middle of a run. ZooKeeper expires its session: its
 * /instances node and its items' /running nodes go; the others see the instance set change, the leader
 * finds nothing running, re-shards, and the items' new owner runs them. The paused instance resumes still
 * inside its run and finishes it: two instances ran one item at once. ElasticJob-Lite does not promise
 * otherwise under network partitions (its docs: sharding is re-done when the registry loses an instance,
 * a job already running is not stopped).
 */
import fc from 'fast-check';
import type { Fault, FaultSchedule } from '../../harness/faults/types.js';
import type { Scenario } from '../../harness/run/scenario.js';
import { zkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, DURABILITY, ELECTION_SAFETY } from '../zookeeper/shared.js';
import { buildElasticJob, EXCLUSIVE_RUNS, JOB_CONFIG, JOBS, SESSION_TIMEOUT_MS, shardsKeepRunning, ZK3, type ElasticJobScenarioConfig } from './shared.js';

const PHASES = { nemesisMs: 4000, quiesceMs: 2000 };

export const elasticJobPausedInstance: Scenario<ElasticJobScenarioConfig> = {
  id: 'elastic-job/paused-instance',
  description:
    'ElasticJob-Lite sharding (6 items, 3 instances, monitorExecution) over a 3-server ZooKeeper; each instance is paused once for two to four session timeouts. ' +
    'Expected: a paused instance resumes inside a run whose items were re-sharded to another instance meanwhile, so one item runs on two instances at once.',
  tags: ['elastic-job', 'nightly', 'smoke'],
  expect: 'violation',
  config: { zk: zkConfig(), servers: ZK3, instances: JOBS, job: JOB_CONFIG },
  topology: { servers: ZK3, clients: JOBS },
  build: buildElasticJob,
  nemesis: {
    schedule: { kinds: ['pause'], pauseNodes: JOBS },
    // Every instance is paused once; whichever is mid-run then is the victim. Shrinks to fewer, shorter, earlier pauses.
    arbitrary: (topology, window) =>
      fc
        .tuple(...topology.clients.map(() => fc.option(fc.record({
          startMs: fc.integer({ min: 300, max: 2500 }),
          durationMs: fc.integer({ min: 2 * SESSION_TIMEOUT_MS, max: 4 * SESSION_TIMEOUT_MS }),
        }), { nil: null, freq: 5 })))
        .map((pauses): FaultSchedule =>
          pauses
            .flatMap((p, i): Fault[] => {
              if (p === null) return [];
              const node = topology.clients[i]!;
              const at = window.startUs + p.startMs * 1000;
              return [{ at, kind: 'pause', node }, { at: at + p.durationMs * 1000, kind: 'resume', node }];
            })
            .sort((a, b) => a.at - b.at)),
  },
  phases: PHASES,
  checkers: [EXCLUSIVE_RUNS, shardsKeepRunning(PHASES.nemesisMs, 1500, JOB_CONFIG.shardingTotalCount), AGREEMENT, DURABILITY, ELECTION_SAFETY],
  seeds: { test: 6, nightly: 50 },
  coverage: [
    { goal: 'zk:session-expired', atLeast: 1 },
    { goal: 'elastic-job:resharded', atLeast: 1 },
  ],
};
