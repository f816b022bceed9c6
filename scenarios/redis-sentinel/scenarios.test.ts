/**
 * Every Sentinel scenario swept over its seeds (see sweep.test-util.ts): the unsafe ones must lose an
 * acknowledged write (and only through a failover), the safe one never, and every run must end with the
 * Sentinels agreeing on a master that the replicas follow. Also: the report panels of a violating run,
 * and determinism of one seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import type { ModelPanel } from '../../reports/types.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { sentinelAsyncFailover } from './async-failover.js';
import { SENTINEL_SCENARIOS } from './index.js';
import { timelineRow } from './panels.js';
import { ACKNOWLEDGED_ADDS, REDIS, SENTINELS } from './shared.js';

// The flaw is lost acknowledged writes, only through a failover; liveness and replica agreement still hold after the heal.
sweepTests(SENTINEL_SCENARIOS, {
  flawCheckers: Object.fromEntries(SENTINEL_SCENARIOS.filter((s) => s.expect === 'violation').map((s) => [s.id, [ACKNOWLEDGED_ADDS.name]])),
  onViolation: (_, { seed, result }) => assert.ok((result.coverage['sentinel-failover-end'] ?? 0) > 0, `seed ${seed}: writes lost without a failover`),
});

determinismTest(SENTINEL_SCENARIOS[0]!, 1, (result) => assert.ok((result.coverage['sentinel-failover-end'] ?? 0) > 0, 'seed 1 fails over'));

test('panels: a violating run shows two masters, the failover, and the old master\'s resync discarding the lost writes', async () => {
  const scenario = sentinelAsyncFailover;
  let seed = 1;
  for (; seed <= scenario.seeds.test; seed++) {
    const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
    if (result.verdict === 'violation') break;
  }
  assert.ok(seed <= scenario.seeds.test, 'a violating seed');
  const { result, artifacts } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed), { recordTimeline: true });
  const lost = result.checks.find((c) => c.checker === 'acknowledged adds survive')?.anomalies.length ?? 0;
  assert.ok(lost > 0);
  const panels = scenario.panels?.(artifacts) ?? [];
  assert.is(panels.length, 2);
  const [roles, sentinels] = panels as [ModelPanel, ModelPanel];
  assert.ok(roles.title.startsWith('Redis roles'), roles.title);
  assert.ok(sentinels.title.startsWith('Sentinel'), sentinels.title);
  assert.equal(roles.rows.map((r) => r.label), REDIS);
  assert.equal(sentinels.rows.map((r) => r.label), SENTINELS);
  const texts = (p: ModelPanel, label: string) => p.rows.find((r) => r.label === label)!.segments.map((s) => s.text);

  // The old master: master, then master beside the promoted replica, then its full resync, marked bad,
  // naming as many discarded acknowledged writes as the checker found lost.
  const oldMaster = roles.rows.find((r) => r.label === 'redis1')!;
  assert.is(oldMaster.segments[0]?.text, 'master');
  const twoMasters = oldMaster.segments.findIndex((s) => s.text === 'master (2 masters)' && s.tone === 'warn');
  const bad = oldMaster.segments.filter((s) => s.tone === 'bad');
  assert.is(bad.length, 1, texts(roles, 'redis1').join('\n'));
  assert.match(bad[0]!.text, new RegExp(`^full resync from redis[23] \\(was master\\): discards \\d+ keys, ${lost} acknowledged \\(add:`));
  assert.ok(twoMasters >= 0 && oldMaster.segments.indexOf(bad[0]!) > twoMasters, texts(roles, 'redis1').join('\n'));
  assert.ok(roles.rows.some((r) => r.label !== 'redis1' && r.segments.some((s) => s.text === 'master (2 masters)')), 'the promoted replica');
  assert.ok(roles.rows.every((r) => r.label === 'redis1' || r.segments.every((s) => s.tone !== 'bad')), 'only the old master\'s resync is bad');

  // Every Sentinel saw the master down and switched; one led the failover to its end.
  for (const id of SENTINELS) {
    const t = texts(sentinels, id);
    assert.is(t[0], 'names redis1', id);
    assert.ok(t.some((x) => x.includes('redis1 SDOWN') || x.includes('redis1 ODOWN')), `${id}: ${t.join('\n')}`);
    assert.ok(t.some((x) => /switch-master redis1 → redis[23], config epoch 1/.test(x)), `${id}: ${t.join('\n')}`);
    assert.match(t[t.length - 1]!, /^names redis[23] \(config epoch 1\)$/);
  }
  const all = sentinels.rows.flatMap((r) => r.segments.map((s) => s.text));
  assert.ok(all.some((x) => x.startsWith('leader, epoch 1')), all.join('\n'));
  assert.ok(all.some((x) => x.includes('failover-end: redis')), all.join('\n'));
  assert.ok(all.some((x) => x.startsWith('convert-to-slave: redis1')), all.join('\n'));

  // Rows are drawn in order and hovered by first match: segments must not overlap.
  for (const row of [...roles.rows, ...sentinels.rows]) {
    row.segments.forEach((s, i) => {
      assert.ok(s.toUs > s.fromUs, `${row.label}: ${s.fromUs}..${s.toUs}`);
      const next = row.segments[i + 1];
      if (next !== undefined) assert.ok(next.fromUs >= s.toUs, `${row.label}: ${s.text} overlaps ${next.text}`);
    });
  }
});

test('panels: a mark is cut into the state it happens in, and ends at the next mark', () => {
  const row = timelineRow('n', [
    { timeUs: 0, look: { text: 'a', tone: 'ok' } },
    { timeUs: 100, look: { text: 'a', tone: 'ok' } },
    { timeUs: 100, look: { text: 'b', tone: 'warn' } },
    { timeUs: 500, look: { text: 'c', tone: 'neutral' } },
  ], [
    { timeUs: 200, text: 'x', tone: 'neutral' },
    { timeUs: 200, text: 'y', tone: 'bad' },
    { timeUs: 250, text: 'z', tone: 'ok' },
  ], 1000, 100);
  assert.equal(row.segments.map((s) => [s.fromUs, s.toUs, s.text, s.tone]), [
    [0, 100, 'a', 'ok'], [100, 200, 'b', 'warn'], [200, 250, 'x; y', 'bad'], [250, 350, 'z', 'ok'], [350, 500, 'b', 'warn'], [500, 1000, 'c', 'neutral'],
  ]);
});

test.run();
