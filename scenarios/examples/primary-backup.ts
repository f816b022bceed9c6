import { faultsAtPoints, type Scenario } from '../../harness/index.js';
import { primaryBackupNode, type PrimaryBackupConfig } from '../../models/examples/primary-backup.js';
import { ACKNOWLEDGED_ADDS } from '../checkers.js';
import { CLIENTS, CLIENT_CONFIG, SERVERS, setClients } from './shared.js';

/** Documented unsafe: asynchronous replication plus quorum-less failover loses acknowledged adds. */
export const primaryBackup: Scenario<PrimaryBackupConfig> = {
  id: 'examples/primary-backup',
  description: 'Primary-backup set with asynchronous replication and quorum-less failover: a primary cut off from its backups keeps acknowledging adds that the promoted backup never saw.',
  tags: ['smoke', 'nightly', 'examples'],
  expect: 'violation',
  config: { heartbeatMs: 20, failoverAfterMs: 100 },
  topology: { servers: SERVERS, clients: CLIENTS },
  build: (config) => ({
    servers: SERVERS.map((id) => ({ id, factory: primaryBackupNode(config) })),
    clients: setClients(CLIENT_CONFIG),
  }),
  nemesis: {
    schedule: { kinds: ['partition', 'crash', 'pause'], maxFaults: 4, minDurationUs: 50_000, maxDurationUs: 1_500_000 },
    // The primary (or anyone) fails right after an add was acknowledged before the backups had it.
    triggered: faultsAtPoints({
      points: ['primary-backup:acked-unreplicated'], kinds: ['partition', 'crash', 'pause'], victims: SERVERS, durationMs: { min: 50, max: 1500 }, maxDelayMs: 5,
    }),
  },
  phases: { nemesisMs: 3000, quiesceMs: 2000 },
  checkers: [ACKNOWLEDGED_ADDS],
  seeds: { test: 20, nightly: 200 },
  coverage: [{ goal: 'failover', atLeast: 1 }],
};
