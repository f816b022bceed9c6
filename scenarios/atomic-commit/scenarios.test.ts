/**
 * The atomic-commit scenarios swept over their seeds (see sweep.test-util.ts): 2PC never disagrees and
 * shows blocked participants; 3PC disagrees; TCC without the empty-rollback guard leaves cancels
 * unacknowledged, with it alone leaves a suspended reservation, with both passes. Also the panel of a
 * violating run, and determinism of one seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReservationLeftAnomaly } from '../../harness/check/atomic-commit/index.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ATOMIC_COMMIT_SCENARIOS } from './index.js';

const ATOMICITY = 'atomicity (one outcome per transaction, commit only on every yes vote)';
const RESERVATIONS = 'reservations released (every try confirmed or cancelled)';
const byId = (id: string) => ATOMIC_COMMIT_SCENARIOS.find((s) => s.id === id)!;

sweepTests(ATOMIC_COMMIT_SCENARIOS, {
  flawCheckers: {
    'atomic-commit/3pc-partition': [ATOMICITY],
    'atomic-commit/tcc-no-empty-rollback-guard': [RESERVATIONS],
    'atomic-commit/tcc-no-suspension-guard': [RESERVATIONS],
  },
  onViolation: (scenario, { seed, result }) => {
    const r = result.checks.find((c) => c.checker === RESERVATIONS);
    if (scenario.id === 'atomic-commit/tcc-no-empty-rollback-guard') {
      // Refused empty cancels, never a reservation left: the delayed try is cancelled by a retry.
      assert.equal([r?.stats?.left, (r?.stats?.unfinished as number) > 0], [0, true], `seed ${seed}: ${r?.explanation}`);
    }
    if (scenario.id === 'atomic-commit/tcc-no-suspension-guard') {
      // Every reservation left is a try that took effect after its participant had cancelled.
      assert.ok((r?.anomalies as ReservationLeftAnomaly[]).every((a) => a.kind === 'reservation-left' && a.cancelledBeforeUs !== null), `seed ${seed}: ${r?.explanation}`);
    }
  },
  after: (scenario, runs) => {
    if (!scenario.id.startsWith('atomic-commit/2pc')) return;
    // The coordinator's crashes leave participants blocked for far longer than a protocol round.
    const longest = Math.max(...runs.map(({ result }) => result.checks.find((c) => c.checker === ATOMICITY)?.stats?.blockedMaxMs as number));
    assert.ok(longest > 100, `longest blocked ${longest} ms`);
  },
});

test('panel: a 3PC disagreement is marked on the nodes of the split transaction', async () => {
  const scenario = byId('atomic-commit/3pc-partition');
  let seed = 1;
  for (; seed <= scenario.seeds.test; seed++) if ((await runOnce(scenario, seed, scheduleForSeed(scenario, seed))).result.verdict === 'violation') break;
  const { artifacts } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed), { recordTimeline: true });
  const [panel] = scenario.panels?.(artifacts) ?? [];
  assert.ok(panel);
  assert.equal(panel.rows.map((r) => r.label).slice(0, 4), ['tc', 'p1', 'p2', 'p3']);
  assert.ok(panel.rows.some((r) => (r.marks ?? []).some((m) => m.tone === 'bad')), 'a decision of the split transaction is marked');
});

determinismTest(byId('atomic-commit/2pc-coordinator-crash'), 3);
determinismTest(byId('atomic-commit/tcc-guarded'), 2);

test.run();
