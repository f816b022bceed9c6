import type { Scenario } from '../../harness/index.js';
import { quorumSetNode, type QuorumSetConfig } from '../../models/examples/quorum-set.js';
import { ACKNOWLEDGED_ADDS } from '../checkers.js';
import { CLIENTS, CLIENT_CONFIG, SERVERS, setClients } from './shared.js';

/** Safe: majority writes with fsync and majority reads; no nemesis of ours can lose an acknowledged add. */
export const quorumSet: Scenario<QuorumSetConfig> = {
  id: 'examples/quorum-set',
  description: 'Grow-only set replicated by majority quorums with fsync before acknowledging: acknowledged adds survive partitions, crashes, pauses, clock faults and flaky links.',
  tags: ['smoke', 'nightly', 'examples'],
  expect: 'pass',
  config: { requestTimeoutMs: 40 },
  topology: { servers: SERVERS, clients: CLIENTS },
  build: (config) => ({
    servers: SERVERS.map((id) => ({ id, factory: quorumSetNode(config) })),
    clients: setClients(CLIENT_CONFIG),
  }),
  nemesis: { schedule: { maxFaults: 6, minDurationUs: 10_000, maxDurationUs: 1_500_000 } },
  phases: { nemesisMs: 3000, quiesceMs: 2000 },
  checkers: [ACKNOWLEDGED_ADDS],
  seeds: { test: 20, nightly: 300 },
};
