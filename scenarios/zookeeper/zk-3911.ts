/**
 * ZOOKEEPER-3911 / ZOOKEEPER-4646, pre-fix: a follower ACKs NEWLEADER before the txns it was synced are
 * in its log and fsynced. The fault shape:
 * 1. both followers of leader zk3 crash; zk3 logs a client write x that nobody acks, and steps down;
 * 2. zk1 restarts behind a slow zk3 -> zk1 link; zk3 (highest zxid) wins, syncs zk1 with DIFF [x] and
 *    zk1's ACK of NEWLEADER establishes epoch 2: x is committed;
 * 3. zk1 crashes after its ACK but before UPTODATE (the slow link makes that window as wide as its latency):
 *    pre-fix, x was only in zk1's memory;
 * 4. zk3 crashes; zk1 and zk2 restart and elect zk1 (epoch 2 beats epoch 1) without x; zk3 rejoins and is
 *    truncated. Expected: the durability checker finds the committed txn x missing.
 * fast-check picks every gap; the crash of step 3 is placed in link latencies, where the window is.
 */
import fc from 'fast-check';
import { faultsAtPoints, type Fault, type FaultSchedule, type Scenario } from '../../harness/index.js';
import { zkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, buildEnsemble, CLIENTS, CLIENT_CONFIG, DURABILITY, ELECTION_SAFETY, LINEARIZABLE, ZK3, type ZkScenarioConfig } from './shared.js';
import { zkPanels } from './panels.js';

const MS = 1000;
/**
 * More clients than servers, and short timeouts, so clients of the crashed followers move on quickly and
 * some client is talking to zk3 while it still leads alone (step 1).
 */
const CLIENTS6 = [...CLIENTS, 'c4', 'c5', 'c6'];

const shape = fc.record({
  crashFollowersMs: fc.integer({ min: 100, max: 1000 }),
  downMs: fc.integer({ min: 100, max: 300 }),
  slowLinkMs: fc.integer({ min: 15, max: 40 }),
  /** When zk1 crashes after its restart, in tenths of the slow link's latency. */
  crashAfterTenths: fc.integer({ min: 34, max: 44 }),
  leaderCrashMs: fc.integer({ min: 0, max: 40 }),
  reelectMs: fc.integer({ min: 50, max: 200 }),
  rejoinMs: fc.integer({ min: 300, max: 600 }),
});

export const zk3911: Scenario<ZkScenarioConfig> = {
  id: 'zookeeper/zk-3911-ack-newleader-before-persist',
  description:
    'ZOOKEEPER-3911 (pre-fix sync): a follower ACKs NEWLEADER before persisting the synced txns and crashes before UPTODATE; ' +
    'the leader counted its ACK, so a txn committed in the new epoch is lost. Expected: the durability checker finds it.',
  tags: ['zookeeper', 'nightly', 'smoke'],
  expect: 'violation',
  config: { zk: zkConfig({ ackNewLeaderBeforePersist: true }), servers: ZK3, clients: CLIENTS6, client: { ...CLIENT_CONFIG, timeoutMs: 25 } },
  topology: { servers: ZK3, clients: CLIENTS6 },
  build: buildEnsemble,
  nemesis: {
    schedule: { kinds: ['crash', 'link'] },
    arbitrary: (_topology, window) =>
      shape.map((p): FaultSchedule => {
        const t1 = window.startUs + p.crashFollowersMs * MS;
        const t2 = t1 + p.downMs * MS;
        const t3 = t2 + 8 * MS + Math.round((p.slowLinkMs * p.crashAfterTenths * MS) / 10);
        const t4 = t3 + p.leaderCrashMs * MS;
        const t5 = t4 + p.reelectMs * MS;
        const t6 = t5 + p.rejoinMs * MS;
        // t1 <= t2 <= ... <= t6 (every step is non-negative), so the list is in time order as written.
        const faults: Fault[] = [
          { at: t1, kind: 'crash', node: 'zk1' },
          { at: t1, kind: 'crash', node: 'zk2' },
          { at: t2, kind: 'link', from: 'zk3', to: 'zk1', latencyMs: p.slowLinkMs },
          { at: t2, kind: 'restart', node: 'zk1' },
          { at: t3, kind: 'crash', node: 'zk1' },
          { at: t4, kind: 'crash', node: 'zk3' },
          { at: t4, kind: 'link-reset' },
          { at: t5, kind: 'restart', node: 'zk1' },
          { at: t5, kind: 'restart', node: 'zk2' },
          { at: t6, kind: 'restart', node: 'zk3' },
        ];
        return faults;
      }),
    // A follower crashes right after NEWLEADER arrived (pre-fix: its ACK goes out before the synced txns are written).
    triggered: faultsAtPoints({ points: ['zk:newleader-received'], kinds: ['crash'], victims: ZK3, durationMs: { min: 100, max: 1000 }, maxDelayMs: 5 }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 2000 },
  checkers: [DURABILITY, AGREEMENT, ELECTION_SAFETY, LINEARIZABLE],
  panels: zkPanels,
  seeds: { test: 8, nightly: 50 },
};
