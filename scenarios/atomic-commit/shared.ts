/**
 * What the atomic-commit scenarios share: a coordinator `tc`, participants p1..p3 and two clients that
 * submit transactions one after another.
 */
import type { ScenarioSystem } from '../../harness/index.js';
import {
  commitClient, tccClient, tccCoordinator, tccParticipant, threePhaseCoordinator, threePhaseParticipant, twoPhaseCoordinator,
  twoPhaseParticipant, type CommitClientConfig, type TccConfig, type ThreePhaseConfig, type TwoPhaseConfig,
} from '../../models/atomic-commit/index.js';

export const COORDINATOR = 'tc';
export const PARTICIPANTS = ['p1', 'p2', 'p3'];
export const SERVERS = [COORDINATOR, ...PARTICIPANTS];
export const CLIENTS = ['c1', 'c2'];
export const TOPOLOGY = { servers: SERVERS, clients: CLIENTS };
export const PHASES = { nemesisMs: 3000, quiesceMs: 1500 };
/** Services across a data centre's network: a few ms each way, so a protocol round is a window faults can hit. */
export const LINK = { latencyMs: 5, jitterMs: 3 };

export const CLIENT: CommitClientConfig = { coordinator: COORDINATOR, timeoutMs: 300, thinkMs: [5, 30] };

export interface TwoPhaseScenarioConfig { protocol: TwoPhaseConfig; client: CommitClientConfig }
export interface ThreePhaseScenarioConfig { protocol: ThreePhaseConfig; client: CommitClientConfig }

export function buildTwoPhase(config: TwoPhaseScenarioConfig): ScenarioSystem {
  return {
    servers: [
      { id: config.protocol.coordinator, factory: twoPhaseCoordinator(config.protocol) },
      ...config.protocol.participants.map((id) => ({ id, factory: twoPhaseParticipant(config.protocol) })),
    ],
    clients: CLIENTS.map((id) => ({ id, workload: commitClient(config.client) })),
    link: LINK,
  };
}

export function buildThreePhase(config: ThreePhaseScenarioConfig): ScenarioSystem {
  return {
    servers: [
      { id: config.protocol.coordinator, factory: threePhaseCoordinator(config.protocol) },
      ...config.protocol.participants.map((id) => ({ id, factory: threePhaseParticipant(config.protocol) })),
    ],
    clients: CLIENTS.map((id) => ({ id, workload: commitClient(config.client) })),
    link: LINK,
  };
}

export function buildTcc(config: TccConfig): ScenarioSystem {
  return {
    servers: [
      { id: config.coordinator, factory: tccCoordinator(config) },
      ...config.participants.map((id) => ({ id, factory: tccParticipant(config) })),
    ],
    clients: CLIENTS.map((id) => ({ id, workload: tccClient(config) })),
    link: LINK,
  };
}
