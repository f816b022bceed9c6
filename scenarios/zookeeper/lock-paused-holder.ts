/**
 * The ZooKeeper lock recipe with a client paused while it holds the lock (a GC pause, SIGSTOP). The
 * leader hears no heartbeat, expires the session and deletes the holder's ephemeral znode; the next
 * contender, watching it, takes the lock. The paused holder resumes still inside its critical section:
 * until it runs and sees its connection is not CONNECTED, it believes it holds the lock. Documented
 * unsafe without fencing tokens (Kleppmann, "How to do distributed locking"; Curator's tech notes).
 * Expected: the lock exclusivity checker finds two holders at once.
 */
import fc from 'fast-check';
import type { Fault, FaultSchedule } from '../../harness/faults/types.js';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs } from '../../harness/check/locks/notes.js';
import type { Scenario, ScenarioSystem } from '../../harness/run/scenario.js';
import { ZkAudit, zkConfig, zkLockClient, zkServer, type LockClientConfig, type ZkConfig } from '../../models/zookeeper/index.js';
import { zkPanels } from './panels.js';
import { AGREEMENT, CLIENTS, DURABILITY, ELECTION_SAFETY, ZK3 } from './shared.js';

export interface ZkLockScenarioConfig {
  zk: ZkConfig;
  servers: string[];
  clients: string[];
  lock: LockClientConfig;
}

const LOCK: LockClientConfig = { lockPath: '/lock', sessionTimeoutMs: 100, requestTimeoutMs: 30, holdMs: 60, thinkMs: 20 };

export const zkLockPausedHolder: Scenario<ZkLockScenarioConfig> = {
  id: 'zookeeper/lock-paused-holder',
  description:
    'Lock recipe (ephemeral sequential znodes, watch the predecessor) on three servers; lock clients are paused for longer than their session timeout. ' +
    'Expected: the paused holder still believes it holds the lock after its session expired and another client took it.',
  tags: ['zookeeper', 'nightly', 'smoke'],
  expect: 'violation',
  config: { zk: zkConfig(), servers: ZK3, clients: CLIENTS, lock: LOCK },
  topology: { servers: ZK3, clients: CLIENTS },
  build: (config): ScenarioSystem => {
    const audit = new ZkAudit();
    const factory = zkServer(config.zk, config.servers, audit);
    return {
      servers: config.servers.map((id) => ({ id, factory })),
      clients: config.clients.map((id, i) => ({ id, workload: zkLockClient(config.lock, i) })),
    };
  },
  nemesis: {
    schedule: { kinds: ['pause'], pauseNodes: CLIENTS },
    // Every client is paused once, for two to five session timeouts: whoever holds the lock then is the victim.
    arbitrary: (topology, window) =>
      fc
        .tuple(...topology.clients.map(() => fc.record({ startMs: fc.integer({ min: 200, max: 2400 }), durationMs: fc.integer({ min: 200, max: 500 }) })))
        .map((pauses): FaultSchedule =>
          pauses
            .flatMap(({ startMs, durationMs }, i): Fault[] => {
              const node = topology.clients[i]!;
              const at = window.startUs + startMs * 1000;
              return [{ at, kind: 'pause', node }, { at: at + durationMs * 1000, kind: 'resume', node }];
            })
            .sort((a, b) => a.at - b.at),
        ),
  },
  phases: { nemesisMs: 3000, quiesceMs: 1000 },
  checkers: [
    { name: 'lock exclusivity (true time)', check: (run) => checkLockExclusivity(lockBeliefs(run.notes)) },
    AGREEMENT,
    DURABILITY,
    ELECTION_SAFETY,
  ],
  panels: zkPanels,
  seeds: { test: 6, nightly: 50 },
  coverage: [{ goal: 'zk:session-expired', atLeast: 1 }, { goal: 'zk:lock-acquired', atLeast: 1 }],
};
