/**
 * Two-phase commit under coordinator crashes: atomicity holds (a participant that voted yes never decides
 * alone), but participants stay blocked in doubt while the coordinator is down; the blocked time is in the
 * checker's stats and the panel. With cooperative termination, participants also ask each other.
 */
import { atomicity, defineScenario, eventually, faultsAtPoints } from '../../harness/index.js';
import type { TwoPhaseParticipant } from '../../models/atomic-commit/index.js';
import { commitPanel } from './panels.js';
import { buildTwoPhase, CLIENT, CLIENTS, COORDINATOR, PARTICIPANTS, PHASES, SERVERS, TOPOLOGY, type TwoPhaseScenarioConfig } from './shared.js';

const config = (cooperativeTermination: boolean): TwoPhaseScenarioConfig => ({
  protocol: {
    coordinator: COORDINATOR, participants: PARTICIPANTS, voteTimeoutMs: 100, resendMs: 50, inDoubtRetryMs: 50,
    voteNoProbability: 0.1, cooperativeTermination,
  },
  client: CLIENT,
});

const nemesis = {
  schedule: {
    kinds: ['crash', 'partition', 'pause'] as const,
    crashNodes: SERVERS, pauseNodes: SERVERS, maxFaults: 4, minDurationUs: 50_000, maxDurationUs: 800_000,
  },
  // The coordinator crashes in the window where participants are prepared: right after it asked for votes,
  // or right after it forced its commit record, before every participant heard the outcome.
  triggered: faultsAtPoints({
    points: ['2pc:prepare-sent', '2pc:commit-logged'], reporters: [COORDINATOR], kinds: ['crash'], victims: [COORDINATOR],
    durationMs: { min: 100, max: 1000 }, maxDelayMs: 2, maxFaults: 2,
  }),
};

const noneInDoubt = eventually(
  'every participant in doubt learns the outcome',
  (sim) => PARTICIPANTS.every((p) => (sim.nodeState<TwoPhaseParticipant>(p)?.inDoubt().length ?? 0) === 0),
  1000,
  (sim) => PARTICIPANTS.map((p) => `${p} in doubt about ${sim.nodeState<TwoPhaseParticipant>(p)?.inDoubt().join(', ') || 'nothing'}`).join('; '),
);

const shared = {
  tags: ['atomic-commit', 'smoke', 'nightly'],
  expect: 'pass' as const,
  topology: TOPOLOGY,
  build: buildTwoPhase,
  nemesis,
  phases: PHASES,
  checkers: [atomicity()],
  seeds: { test: 8, nightly: 200 },
  liveness: [noneInDoubt],
  panels: (run: Parameters<typeof commitPanel>[0]) => [commitPanel(run, [...SERVERS, ...CLIENTS])],
};

export const twoPhaseCoordinatorCrash = defineScenario({
  ...shared,
  id: 'atomic-commit/2pc-coordinator-crash',
  description: '2PC with presumed abort; the coordinator crashes while participants are prepared. Expected: every decision agrees; participants block in doubt until it restarts.',
  config: config(false),
  coverage: [
    { goal: '2pc:in-doubt-asked', atLeast: 1 },
    { goal: '2pc:coordinator-recovered-commit', atLeast: 1 },
  ],
});

export const twoPhaseCooperative = defineScenario({
  ...shared,
  id: 'atomic-commit/2pc-cooperative-termination',
  description: '2PC with cooperative termination: participants in doubt also ask each other. Expected: every decision agrees; blocking only when every participant is in doubt.',
  tags: ['atomic-commit', 'nightly'],
  config: config(true),
  coverage: [{ goal: '2pc:in-doubt-asked', atLeast: 1 }],
});
