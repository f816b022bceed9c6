/**
 * Documented unsafe: cache nodes serve by the last membership view their agents pushed, with nothing that
 * expires it (SmartStack-style registration: the ephemeral znode is the only lease, and the cache process
 * never hears that it lapsed). An agent cut off from ZooKeeper for longer than the session timeout loses
 * its ephemeral; the others adopt the smaller membership and take its keys, while its own cache node,
 * still reachable by clients, keeps serving them by the old view: two nodes serve one key.
 */
import { defineScenario, type ScheduleOptions, scheduleArbitrary } from '../../harness/index.js';
import { agentOf, routingScenario, SESSION_TIMEOUT_MS, ZK3 } from './shared.js';

const CACHES = ['cache1', 'cache2', 'cache3'];

const SCHEDULE: Omit<ScheduleOptions, 'startUs' | 'endUs'> = {
  kinds: ['partition'],
  // One node (an agent or a ZooKeeper server) cut off from the ensemble and the other agents, not from its cache node.
  partitionNodes: [...CACHES.map(agentOf), ...ZK3],
  partitionShapes: ['isolate'],
  maxFaults: 3,
  minDurationUs: 2 * SESSION_TIMEOUT_MS * 1000,
  maxDurationUs: 5 * SESSION_TIMEOUT_MS * 1000,
};

export const routingPartitionedMember = defineScenario(routingScenario(CACHES.map((id) => ({ id, agentStartMs: 0 })), false, {
  id: 'routing/partitioned-member',
  description:
    'A consistent-hash routed cache (3 nodes, 64 virtual nodes each) whose membership agents register in a 3-server ZooKeeper; nodes serve by the last view pushed to them. ' +
    'An agent is cut off from ZooKeeper past its session timeout. Expected violation: the others take its keys while its node, by the old membership, still serves them.',
  tags: ['routing', 'smoke', 'nightly'],
  expect: 'violation',
  nemesis: {
    schedule: SCHEDULE,
    arbitrary: (topology, window) => scheduleArbitrary(topology, { ...SCHEDULE, startUs: window.startUs, endUs: window.endUs }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 1000 },
  seeds: { test: 6, nightly: 50 },
  coverage: [{ goal: 'zk:session-expired', atLeast: 1 }, { goal: 'routing:view-changed', atLeast: 1 }],
}));
