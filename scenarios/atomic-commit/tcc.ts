/**
 * TCC under slow and lossy links between initiators and participants (and crashes): a try that outlives
 * the initiator's patience is cancelled by the coordinator, and the cancel can overtake it, or the try
 * never arrives. Without the empty-rollback guard the participant refuses a cancel for a branch it has no
 * try for (also one whose try it refused: Seata's docs name both), and the coordinator retries it forever; with the empty-rollback guard alone the late try reserves for a
 * transaction already over (suspension); with both guards every reservation is released.
 */
import { atomicity, defineScenario, reservationsReleased, type RunArtifacts } from '../../harness/index.js';
import type { TccConfig } from '../../models/atomic-commit/index.js';
import { withLateTries } from './nemesis.js';
import { commitPanel } from './panels.js';
import { buildTcc, CLIENTS, COORDINATOR, PARTICIPANTS, PHASES, SERVERS, TOPOLOGY } from './shared.js';

const config = (guards: Pick<TccConfig, 'emptyRollbackGuard' | 'suspensionGuard'>): TccConfig => ({
  coordinator: COORDINATOR, participants: PARTICIPANTS, tryTimeoutMs: 100, coordinatorTimeoutMs: 300, globalTimeoutMs: 1000,
  retryMs: 50, refuseProbability: 0.05, thinkMs: [5, 30], ...guards,
});

const LINKS = [...CLIENTS, ...PARTICIPANTS];

/** Slow and lossy links, and crashes (a lost try, a coordinator that resumes after a restart)... */
const SCHEDULE = {
  kinds: ['link', 'crash'] as const, linkNodes: LINKS, crashNodes: SERVERS, maxFaults: 4, minDurationUs: 50_000, maxDurationUs: 800_000,
  linkLatencyMsMax: 400, linkJitterMsMax: 50, linkLossMax: 0.5, linkDuplicateMax: 0, linkReorderMax: 0,
};

const nemesis = {
  schedule: SCHEDULE,
  // ...and a slow link from an initiator to one participant as its next transaction's tries go out.
  arbitrary: withLateTries(SCHEDULE, {
    clients: CLIENTS, participants: PARTICIPANTS, latencyMs: { min: 50, max: 400 }, durationMs: { min: 50, max: 500 }, maxOccurrence: 30, maxLinks: 4,
  }),
};

const shared = {
  tags: ['atomic-commit', 'smoke', 'nightly'],
  topology: TOPOLOGY,
  build: buildTcc,
  nemesis,
  phases: PHASES,
  checkers: [atomicity(), reservationsReleased()],
  panels: (run: RunArtifacts) => [commitPanel(run, [...SERVERS, ...CLIENTS])],
};

export const tccNoGuards = defineScenario({
  ...shared,
  id: 'atomic-commit/tcc-no-empty-rollback-guard',
  description: 'TCC without guards: a cancel that finds no try fails, and the coordinator retries it. Expected violation: a branch whose try was refused (no fault needed) or never arrived has its cancel retried forever.',
  expect: 'violation',
  config: config({ emptyRollbackGuard: false, suspensionGuard: false }),
  seeds: { test: 8, nightly: 50 },
});

export const tccNoSuspensionGuard = defineScenario({
  ...shared,
  id: 'atomic-commit/tcc-no-suspension-guard',
  description: 'TCC with the empty-rollback guard only: a cancel that finds no try succeeds. Expected violation: a try delayed past its cancel reserves for good (suspension).',
  expect: 'violation',
  config: config({ emptyRollbackGuard: true, suspensionGuard: false }),
  seeds: { test: 8, nightly: 50 },
});

export const tccGuarded = defineScenario({
  ...shared,
  id: 'atomic-commit/tcc-guarded',
  description: 'TCC with both guards (Seata\'s fence): an empty cancel succeeds and leaves a record that refuses the late try. Expected: every reservation confirmed or cancelled.',
  expect: 'pass',
  config: config({ emptyRollbackGuard: true, suspensionGuard: true }),
  seeds: { test: 8, nightly: 200 },
  coverage: [
    { goal: 'tcc:empty-rollback', atLeast: 1 },
    { goal: 'tcc:try-refused-after-cancel', atLeast: 1 },
  ],
});
