/**
 * Segment (hi/lo) ID allocation from a counter in a 3-server ZooKeeper, three application processes with
 * an embedded allocator (ranges of 20), under crashes: ZooKeeper servers crash and restart, are
 * partitioned from each other and from the allocators, and allocators crash (restarting with no range).
 * A range write whose reply is lost may not have happened: using its range anyway hands out IDs another
 * allocator then takes too; abandoning it only skips IDs.
 */
import { checkUniqueIds, defineScenario, faultsAtPoints, scheduleArbitrary, type Scenario, type ScheduleOptions, type ScenarioChecker } from '../../harness/index.js';
import { ID_ISSUED_NOTE, segmentClient, type LostWritePolicy, type SegmentConfig } from '../../models/id-generator/index.js';
import { ZkAudit, zkConfig, zkServer, type ZkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, DURABILITY, ELECTION_SAFETY, ZK3 } from '../zookeeper/shared.js';
import { segmentPanel } from './segment-panel.js';

const ALLOCATORS = ['c1', 'c2', 'c3'];
const STEP = 20;

export interface SegmentScenarioConfig { zk: ZkConfig; segment: SegmentConfig; thinkMs: [number, number] }

/** No ID handed out twice, each allocator's increasing (from the allocators' `id-issued` notes). */
const UNIQUE_IDS: ScenarioChecker = {
  name: 'unique IDs (globally distinct, increasing per allocator)',
  check: (run) => checkUniqueIds(run.notes.filter((n) => n.kind === ID_ISSUED_NOTE).map((n) => ({
    id: n.data['id'] as string, worker: n.data['worker'] as number, node: n.node, timeUs: n.timeUs,
  }))),
};

const SCHEDULE: Omit<ScheduleOptions, 'startUs' | 'endUs'> = {
  kinds: ['crash', 'partition'],
  weights: { crash: 2, partition: 1 },
  crashNodes: [...ZK3, ...ALLOCATORS],
  partitionNodes: 'all',
  maxDown: 2,
  maxFaults: 6,
  minDurationUs: 20_000,
  maxDurationUs: 600_000,
};

const scenario = (policy: LostWritePolicy): Omit<Scenario<SegmentScenarioConfig>, 'id' | 'description' | 'tags' | 'expect' | 'seeds'> => ({
  config: {
    zk: zkConfig(),
    segment: { counterPath: '/ids/max', step: STEP, onLostWrite: policy, sessionTimeoutMs: 300, requestTimeoutMs: 50, ensemble: ZK3 },
    thinkMs: [0, 3],
  },
  topology: { servers: ZK3, clients: ALLOCATORS },
  build: (c: SegmentScenarioConfig) => {
    const factory = zkServer(c.zk, ZK3, new ZkAudit());
    return {
      servers: ZK3.map((id) => ({ id, factory })),
      link: { latencyMs: 0.3, jitterMs: 0.2 },
      clients: ALLOCATORS.map((id, i) => ({ id, workload: segmentClient(c.segment, i, c.thinkMs) })),
    };
  },
  nemesis: {
    schedule: SCHEDULE,
    arbitrary: (topology, window) => scheduleArbitrary(topology, { ...SCHEDULE, startUs: window.startUs, endUs: window.endUs }),
    // A server crashed between an allocator's read of the counter and its write: the write may be lost unapplied.
    triggered: faultsAtPoints({ points: ['segment:counter-read'], maxOccurrence: 100, kinds: ['crash'], victims: ZK3, durationMs: { min: 50, max: 400 }, maxDelayMs: 1, maxFaults: 2 }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 500 },
  checkers: [UNIQUE_IDS, AGREEMENT, DURABILITY, ELECTION_SAFETY],
  panels: (run) => [segmentPanel(run, ALLOCATORS, STEP)],
});

export const segmentAssumeApplied = defineScenario({
  ...scenario('assume-applied'),
  id: 'id-generator/segment-assume-applied',
  description: 'Segment allocation that uses a range whose counter write got no answer. Expected violation: the write had not happened, another allocator takes the same range, IDs issued twice.',
  tags: ['id-generator', 'smoke', 'nightly'],
  expect: 'violation',
  seeds: { test: 8, nightly: 50 },
});

export const segmentAbandon = defineScenario({
  ...scenario('abandon'),
  id: 'id-generator/segment',
  description: 'Segment allocation that abandons a range whose counter write got no answer. Expected: every ID distinct, each allocator\'s increasing.',
  tags: ['id-generator', 'smoke', 'nightly'],
  expect: 'pass',
  seeds: { test: 8, nightly: 200 },
  coverage: [{ goal: 'segment:write-lost', atLeast: 1 }],
});
