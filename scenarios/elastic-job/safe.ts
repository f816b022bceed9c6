/**
 * ElasticJob-Lite with monitorExecution under crash-stop faults: job instances crash (and restart as new
 * processes), ZooKeeper servers crash and are partitioned from each other, for less than the session
 * timeout. A crashed instance's items move to the others once its session expires and the leader
 * re-shards; the leader waits until no /running node is left, and a run holds its items' /running
 * ephemerals while its session lives, so an item never has two runners at once.
 */
import { scheduleArbitrary, type ScheduleOptions } from '../../harness/index.js';
import { elasticJobScenario, JOBS, SESSION_TIMEOUT_MS, ZK3 } from './shared.js';

/** Faults end this long before the heal: an instance whose session was lost re-registers before clients are told to wind down (after which our session client opens no new session). */
const SETTLE_US = 800_000;

const SCHEDULE: Omit<ScheduleOptions, 'startUs' | 'endUs'> = {
  kinds: ['crash', 'partition'],
  weights: { crash: 2, partition: 1 },
  crashNodes: [...JOBS, ...ZK3],
  partitionNodes: 'servers',
  maxDown: 2,
  maxFaults: 8,
  minDurationUs: 20_000,
  maxDurationUs: (SESSION_TIMEOUT_MS - 50) * 1000,
};

export const elasticJobSafe = elasticJobScenario({
  id: 'elastic-job/crash-stop',
  description:
    'ElasticJob-Lite sharding (6 items, 3 instances, monitorExecution) over a 3-server ZooKeeper; instances crash and restart, servers crash and are partitioned ' +
    'for less than the session timeout. Expected: no item ever runs on two instances at once, and every item runs again after the heal.',
  tags: ['elastic-job', 'nightly', 'smoke'],
  expect: 'pass',
  nemesis: {
    schedule: SCHEDULE,
    arbitrary: (topology, window) => scheduleArbitrary(topology, { ...SCHEDULE, startUs: window.startUs, endUs: window.endUs - SETTLE_US }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 2000 },
  seeds: { test: 8, nightly: 300 },
  coverage: [
    { goal: 'elastic-job:resharded', atLeast: 1 },
    { goal: 'elastic-job:run', atLeast: 1 },
  ],
});
