/**
 * Real ZooKeeper's `sync` is not a quorum operation (Programmer's Guide on sync; ZOOKEEPER-1675): the
 * leader answers it from its own state once the proposals it has outstanding commit. A leader cut off
 * from the majority keeps answering until it notices that it lost its quorum:
 * 1. five servers in two sites; zk5 leads (highest sid, equal zxids). Writers c1-c3 connect to the
 *    majority site {zk1, zk2, zk3}; readers c4 and c5 (sync + getData only) to the old side {zk4, zk5};
 * 2. shortly before the sites are cut apart, zk5's clock starts running slow (50-80%), so its quorum check
 *    (syncLimit, on its monotonic clock) fires late in true time: zk5 has not noticed yet;
 * 3. zk1-zk3 time zk5 out after syncLimit, elect a new leader and commit the writers' writes;
 * 4. zk5, still leading with zk4 following and no proposal outstanding, answers a sync at once (its own,
 *    or one zk4 forwards) and the getData after it returns the value from before those writes.
 * Expected: the linearizability checker (writes + synced reads) finds the stale synced read. With
 * `syncThroughQuorum` the same schedules pass (scenarios.test.ts): the no-op txn cannot commit there.
 *
 * Why the slow clock: with equal clocks the old leader's quorum check and its followers' timeouts both
 * run syncLimit from the same last exchange, so zk5 steps down as zk1-zk3 start their election, before a
 * new leader exists (the window is empty; zookeeper/safe's drift of at most 500 ppm does not open it).
 * A one-way cut (the majority deaf to zk5, zk5 still hearing their pings) does keep zk5 leading for a
 * second syncLimit, but writes forwarded to zk5 before the majority gave up stay outstanding there, and a
 * sync waits for them (Leader.processSync), so it does not answer stale either. Why two sites: a writer
 * that moved to the old side would leave such an outstanding proposal at zk5.
 */
import fc from 'fast-check';
import { faultsAtPoints, cut, type Fault, type FaultSchedule, type Scenario, type ScenarioSystem } from '../../harness/index.js';
import { zkCasClient, zkConfig, type ZkClientConfig } from '../../models/zookeeper/index.js';
import { buildEnsemble, CLIENT_CONFIG, ZK5, ZK_CHECKERS, type ZkScenarioConfig } from './shared.js';
import { zkPanels } from './panels.js';

const MS = 1000;
const OLD = ['zk4', 'zk5'];
const MAJORITY = ['zk1', 'zk2', 'zk3'];
/** One client per server (client i starts on server i): writers on the majority, readers on the old side. */
const CLIENTS5 = ['c1', 'c2', 'c3', 'c4', 'c5'];
const READERS = ['c4', 'c5'];

export interface SyncStaleReadConfig extends ZkScenarioConfig {
  /** Clients that only sync + read (config.client is the writers' mix). */
  readers: string[];
  reader: ZkClientConfig;
}

/** Two sites: writers' connect string lists the majority's servers, readers' the old side's. */
function build(config: SyncStaleReadConfig): ScenarioSystem {
  const system = buildEnsemble(config);
  const clients = config.clients.map((id, i) => {
    const reader = config.readers.includes(id);
    // Client i starts on ensemble[i % n]: c1-c3 on zk1-zk3, c4 on zk4, c5 on zk5.
    const workload = zkCasClient({ ...(reader ? config.reader : config.client), ensemble: reader ? OLD : MAJORITY }, reader ? i - MAJORITY.length : i);
    return { id, workload };
  });
  return { ...system, clients };
}

const shape = fc.record({
  partitionMs: fc.integer({ min: 200, max: 1500 }),
  /** zk5's monotonic clock runs this much slow (ppm): its syncLimit check fires late in true time. */
  slowPpm: fc.integer({ min: 500_000, max: 800_000 }),
  /** How long the partition lasts before it heals. */
  lastsMs: fc.integer({ min: 150, max: 600 }),
});

export const zkSyncStaleRead: Scenario<SyncStaleReadConfig> = {
  id: 'zookeeper/sync-stale-read',
  description:
    "Real ZooKeeper's sync is not a quorum operation: the leader answers it once its own outstanding proposals commit. " +
    'The leader zk5 (its clock running slow) and its follower zk4 are cut off from the majority, which elects a new leader and commits writes; ' +
    'before zk5 notices it lost its quorum (syncLimit), a reader syncs and reads through zk5 or zk4 and sees the old value. ' +
    'Expected: the linearizability checker (writes + synced reads) finds the stale synced read.',
  tags: ['zookeeper', 'nightly', 'smoke'],
  expect: 'violation',
  config: {
    zk: zkConfig(),
    servers: ZK5,
    clients: CLIENTS5,
    client: { ...CLIENT_CONFIG, thinkMs: 4, readRatio: 0.3, blindWriteShare: 0.5 },
    readers: READERS,
    reader: { ...CLIENT_CONFIG, thinkMs: 4, readRatio: 1 },
  },
  topology: { servers: ZK5, clients: CLIENTS5 },
  build,
  nemesis: {
    schedule: { kinds: ['partition'] },
    arbitrary: (_topology, window) =>
      shape.map((p): FaultSchedule => {
        const t1 = window.startUs + p.partitionMs * MS;
        const faults: Fault[] = [
          { at: t1 - 20 * MS, kind: 'clock-drift', node: 'zk5', ppm: -p.slowPpm },
          { at: t1, kind: 'partition', shape: 'custom', nodes: [...MAJORITY, ...OLD], grudge: cut(MAJORITY, OLD) },
          { at: t1 + p.lastsMs * MS, kind: 'heal' },
          { at: t1 + p.lastsMs * MS, kind: 'clock-drift', node: 'zk5', ppm: 0 },
        ];
        return faults;
      }),
    // A server paused right after a new leader is established (the old one may still answer syncs).
    triggered: faultsAtPoints({ points: ['zk:leader-established'], kinds: ['pause'], victims: ZK5, durationMs: { min: 50, max: 400 } }),
  },
  phases: { nemesisMs: 2000, quiesceMs: 1000 },
  checkers: [...ZK_CHECKERS],
  panels: zkPanels,
  seeds: { test: 8, nightly: 50 },
};
