/**
 * The leased design under partitions, crashes and pauses: a node serves only while the lease its agent
 * granted from a sync + read of the membership lasts (2/3 of the session timeout from the sync, so it runs
 * out before ZooKeeper can expire the session), and a key it gains waits until every older owner's lease
 * has run out (handoff). A fourth node joins mid-run. Agents are partitioned from the ensemble, crashed and
 * paused; cache nodes crash; ZooKeeper servers crash and are partitioned. Clocks are left alone: leases
 * assume bounded drift. Cache nodes are not paused: a paused node's serving is logged as lasting until it
 * wakes, though it answers nothing meanwhile.
 */
import { defineScenario, type ScheduleOptions, scheduleArbitrary } from '../../harness/index.js';
import { agentOf, routingScenario, SESSION_TIMEOUT_MS, ZK3 } from './shared.js';

const CACHES = ['cache1', 'cache2', 'cache3', 'cache4'];
const AGENTS = CACHES.map(agentOf);

const SCHEDULE: Omit<ScheduleOptions, 'startUs' | 'endUs'> = {
  kinds: ['partition', 'crash', 'pause'],
  weights: { partition: 3, crash: 2, pause: 1 },
  partitionNodes: [...AGENTS, ...ZK3],
  crashNodes: [...AGENTS, ...CACHES, ...ZK3],
  pauseNodes: AGENTS,
  maxDown: 2,
  maxFaults: 6,
  minDurationUs: 50_000,
  maxDurationUs: 4 * SESSION_TIMEOUT_MS * 1000,
};

export const routingLeased = defineScenario(routingScenario(
  CACHES.map((id) => ({ id, agentStartMs: id === 'cache4' ? 1200 : 0 })),
  true,
  {
    id: 'routing/leased-handoff',
    description:
      'The same cache with leases (a node serves while its agent\'s last sync + read of the membership is under 2/3 of the session timeout old) and a handoff wait for gained keys; ' +
      'a fourth node joins mid-run; agents partitioned, crashed and paused, cache nodes and ZooKeeper servers crashed. Expected: never two nodes serving one key at once.',
    tags: ['routing', 'smoke', 'nightly'],
    expect: 'pass',
    nemesis: {
      schedule: SCHEDULE,
      arbitrary: (topology, window) => scheduleArbitrary(topology, { ...SCHEDULE, startUs: window.startUs, endUs: window.endUs }),
    },
    phases: { nemesisMs: 3000, quiesceMs: 1000 },
    seeds: { test: 6, nightly: 200 },
    // The nemesis reached the window: a node stopped serving because its agent could not renew the lease, and views changed.
    coverage: [{ goal: 'routing:lease-expired', atLeast: 1 }, { goal: 'routing:view-changed', atLeast: 1 }],
  },
));
