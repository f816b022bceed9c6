/**
 * Every Redis-lock scenario swept over its seeds (see sweep.test-util.ts); the pause scenario's beliefs
 * stay exclusive. Also: the report panels of a violating run, and determinism of one seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import type { AnyScenario } from '../../harness/run/scenario.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { REDLOCK_SCENARIOS } from './index.js';

/** The checkers that name each violation scenario's flaw: a lock held twice shows in all three. */
const FLAW_CHECKERS: Record<string, string[]> = {
  'redlock/clock-jump': ['lock exclusivity', 'resource safety', 'mutex history (linearizable)'],
  'redlock/crash-no-persistence': ['lock exclusivity', 'resource safety', 'mutex history (linearizable)'],
  'redlock/client-pause': ['resource safety'],
  'redlock/single-instance-crash': ['lock exclusivity', 'resource safety', 'mutex history (linearizable)'],
};

const byId = (id: string): AnyScenario => {
  const s = REDLOCK_SCENARIOS.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  return s;
};

sweepTests(REDLOCK_SCENARIOS, {
  flawCheckers: FLAW_CHECKERS,
  onSeed: (scenario, { result }) => {
    // The pause scenario's beliefs stay exclusive: its flaw is at the resource only.
    if (scenario.id === 'redlock/client-pause') assert.is(result.checks.find((c) => c.checker === 'lock exclusivity')?.valid, true);
  },
});

test('panels: a violating run shows overlapping beliefs and the lost key', async () => {
  const scenario = byId('redlock/crash-no-persistence');
  let seed = 1;
  for (; seed <= scenario.seeds.test; seed++) {
    const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
    if (result.verdict === 'violation') break;
  }
  const { artifacts } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed), { recordTimeline: true });
  const panels = scenario.panels?.(artifacts) ?? [];
  assert.is(panels.length, 2);
  const [holders, keys] = panels as [NonNullable<typeof panels[0]>, NonNullable<typeof panels[0]>];
  assert.equal(holders.rows.map((r) => r.label), ['c1 believed', 'c1 held', 'c2 believed', 'c2 held']);
  assert.ok(holders.rows.some((r) => r.segments.some((s) => s.tone === 'bad')), 'an overlapping belief is marked');
  assert.ok(holders.rows.some((r) => r.label.endsWith('held') && r.segments.length > 0), 'quorum holding intervals');
  assert.is(keys.rows.length, 5);
  assert.ok(keys.rows.some((r) => r.segments.some((s) => s.tone === 'bad')), 'the key lost in the crash is marked');
  for (const row of [...holders.rows, ...keys.rows]) for (const s of row.segments) assert.ok(s.toUs >= s.fromUs, `${row.label}: ${s.fromUs}..${s.toUs}`);
});

determinismTest(byId('redlock/safe'), 3);

test.run();
