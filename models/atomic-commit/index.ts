/** Atomic commit: two-phase commit, three-phase commit, and TCC (try, confirm, cancel). */
export type { TwoPhaseConfig, ThreePhaseConfig, CommitClientConfig } from './config.js';
export { TwoPhaseCoordinator, twoPhaseCoordinator } from './two-phase-coordinator.js';
export { TwoPhaseParticipant, twoPhaseParticipant } from './two-phase-participant.js';
export { ThreePhaseCoordinator, ThreePhaseParticipant, threePhaseCoordinator, threePhaseParticipant } from './three-phase.js';
export { commitClient } from './client.js';
export type { TccConfig } from './config.js';
export { TccCoordinator, tccCoordinator } from './tcc-coordinator.js';
export { TccParticipant, tccParticipant } from './tcc-participant.js';
export { tccClient } from './tcc-client.js';
