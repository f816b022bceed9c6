/**
 * ZOOKEEPER-1154, pre-fix: a leader isolated from its followers proposes a write it cannot commit; the
 * others elect a new leader and move on; when the old leader rejoins, its last zxid (the stray proposal)
 * is not in the new leader's log, and the pre-fix leader sends a DIFF instead of a TRUNC. The rejoining
 * server keeps a txn nobody committed: the committed logs diverge.
 */
import fc from 'fast-check';
import { faultsAtPoints, partitionFault, type FaultSchedule, type Scenario } from '../../harness/index.js';
import { zkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, buildEnsemble, CLIENTS, CLIENT_CONFIG, DURABILITY, ELECTION_SAFETY, LINEARIZABLE, ZK3, type ZkScenarioConfig } from './shared.js';
import { zkPanels } from './panels.js';

const MS = 1000;

export const zk1154: Scenario<ZkScenarioConfig> = {
  id: 'zookeeper/zk-1154-diff-instead-of-trunc',
  description:
    'ZOOKEEPER-1154 (pre-fix sync): the isolated leader logs a proposal nobody acks; after a new epoch it rejoins and gets a DIFF instead of a TRUNC, ' +
    'keeping a txn that was never committed. Expected: the agreement checker finds diverging committed logs.',
  tags: ['zookeeper', 'nightly', 'smoke'],
  expect: 'violation',
  config: { zk: zkConfig({ syncDiffInsteadOfTrunc: true }), servers: ZK3, clients: CLIENTS, client: CLIENT_CONFIG },
  topology: { servers: ZK3, clients: CLIENTS },
  build: buildEnsemble,
  nemesis: {
    schedule: { kinds: ['partition'], partitionShapes: ['isolate'] },
    // The highest server id wins the first election (equal zxids), so zk3 leads epoch 1: isolate it from
    // the other servers (clients still reach it) long enough for an election, then heal.
    arbitrary: (_topology, window) =>
      fc.record({ startMs: fc.integer({ min: 100, max: 1500 }), durationMs: fc.integer({ min: 150, max: 1000 }) }).map(({ startMs, durationMs }): FaultSchedule => {
        const at = window.startUs + startMs * MS;
        return [partitionFault(at, 'isolate', ['zk3', 'zk1', 'zk2']), { at: at + durationMs * MS, kind: 'heal' }];
      }),
    // The leader cut off right after it logged a proposal (nobody has ACKed it yet).
    triggered: faultsAtPoints({ points: ['zk:proposal-logged'], kinds: ['partition'], victims: ZK3, durationMs: { min: 150, max: 1000 }, maxDelayMs: 1 }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 2000 },
  checkers: [AGREEMENT, DURABILITY, ELECTION_SAFETY, LINEARIZABLE],
  panels: zkPanels,
  seeds: { test: 5, nightly: 50 },
};
