/**
 * Three-phase commit under partitions: a side cut off from the coordinator times out into its own
 * outcome (pre-committed participants commit, uncertain ones and the coordinator abort), so nodes of one
 * transaction disagree. 3PC is only non-blocking and safe with crash failures and bounded delays.
 */
import { atomicity, defineScenario, faultsAtPoints } from '../../harness/index.js';
import { commitPanel } from './panels.js';
import { buildThreePhase, CLIENT, CLIENTS, COORDINATOR, PARTICIPANTS, PHASES, SERVERS, TOPOLOGY } from './shared.js';

export const threePhasePartition = defineScenario({
  id: 'atomic-commit/3pc-partition',
  description: '3PC with its timeouts (uncertain: abort; pre-committed: commit); partitions between coordinator and participants. Expected violation: one transaction committed on some nodes and aborted on others.',
  tags: ['atomic-commit', 'smoke', 'nightly'],
  expect: 'violation',
  config: {
    protocol: {
      coordinator: COORDINATOR, participants: PARTICIPANTS, voteTimeoutMs: 100, ackTimeoutMs: 100,
      preCommitTimeoutMs: 150, doCommitTimeoutMs: 150, voteNoProbability: 0.1,
    },
    client: CLIENT,
  },
  topology: TOPOLOGY,
  build: buildThreePhase,
  nemesis: {
    schedule: { kinds: ['partition'], maxFaults: 3, minDurationUs: 100_000, maxDurationUs: 1_000_000 },
    // A partition right as preCommits go out, before every ack is back.
    triggered: {
      ...faultsAtPoints({
        points: ['3pc:pre-commit-sent', '3pc:pre-committed'], kinds: ['partition'], victims: SERVERS, durationMs: { min: 200, max: 600 }, maxDelayMs: 10, maxFaults: 3, maxOccurrence: 20,
      }),
      partitionShapes: ['isolate', 'halves'],
    },
  },
  phases: PHASES,
  checkers: [atomicity()],
  seeds: { test: 8, nightly: 50 },
  coverage: [{ goal: '3pc:committed-alone', atLeast: 1 }],
  panels: (run) => [commitPanel(run, [...SERVERS, ...CLIENTS])],
});
