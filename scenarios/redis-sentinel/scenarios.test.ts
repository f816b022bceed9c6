/**
 * Every Sentinel scenario swept over its seeds (see sweep.test-util.ts): the unsafe ones must lose an
 * acknowledged write (and only through a failover), the safe one never, and every run must end with the
 * Sentinels agreeing on a master that the replicas follow. Also: the report panels of a violating run,
 * determinism of one seed, and how a stuck liveness state names a config epoch tie.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NodeId } from '../../harness/index.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { Sentinel } from '../../models/sentinel/index.js';
import type { ModelPanel } from '../../reports/types.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { sentinelAsyncFailover } from './async-failover.js';
import { SENTINEL_SCENARIOS } from './index.js';
import { timelineRow } from './panels.js';
import { ACKNOWLEDGED_ADDS, configEpochTies, MASTER_NAME, REDIS, SENTINEL_DEFAULTS, SENTINELS } from './shared.js';

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
  const row = (p: ModelPanel, label: string) => p.rows.find((r) => r.label === label)!;
  const texts = (p: ModelPanel, label: string) => row(p, label).segments.map((s) => s.text);
  const marks = (p: ModelPanel, label: string) => row(p, label).marks ?? [];
  const describe = (p: ModelPanel, label: string) => [
    ...row(p, label).segments.map((s) => `${s.fromUs}..${s.toUs} ${s.text}`),
    ...marks(p, label).map((m) => `@${m.atUs} ${m.label}`),
  ].join('\n');

  // The old master: master, then master beside the promoted replica, then its full resync, a bad mark
  // after the two masters began, naming as many discarded acknowledged writes as the checker found lost.
  const oldMaster = row(roles, 'redis1');
  assert.is(oldMaster.segments[0]?.text, 'master');
  const twoMasters = oldMaster.segments.find((s) => s.text === 'master (2 masters)' && s.tone === 'warn');
  const bad = marks(roles, 'redis1').filter((m) => m.tone === 'bad');
  assert.is(bad.length, 1, describe(roles, 'redis1'));
  assert.match(bad[0]!.label, new RegExp(`^full resync from redis[23] \\(was master\\): discards \\d+ keys, ${lost} acknowledged \\(add:`));
  assert.ok(twoMasters !== undefined && bad[0]!.atUs > twoMasters.fromUs, describe(roles, 'redis1'));
  // A point event no longer hides the state: the resync happens while the old master is a replica.
  assert.ok(oldMaster.segments.some((s) => s.fromUs <= bad[0]!.atUs && bad[0]!.atUs <= s.toUs && s.text.startsWith('replica of redis')), describe(roles, 'redis1'));
  assert.ok(oldMaster.segments.every((s) => !s.text.startsWith('full resync')), 'the resync is a mark, not a segment');
  assert.ok(roles.rows.some((r) => r.label !== 'redis1' && r.segments.some((s) => s.text === 'master (2 masters)')), 'the promoted replica');
  assert.ok(roles.rows.every((r) => r.label === 'redis1' || (r.segments.every((s) => s.tone !== 'bad') && (r.marks ?? []).every((m) => m.tone !== 'bad'))), 'only the old master\'s resync is bad');

  // Every Sentinel saw the master down and switched; one led the failover to its end.
  for (const id of SENTINELS) {
    const t = texts(sentinels, id);
    assert.is(t[0], 'names redis1', id);
    assert.ok(t.some((x) => x.includes('redis1 SDOWN') || x.includes('redis1 ODOWN')), `${id}: ${describe(sentinels, id)}`);
    assert.ok(marks(sentinels, id).some((m) => /switch-master redis1 → redis[23], config epoch 1/.test(m.label)), `${id}: ${describe(sentinels, id)}`);
    assert.match(t[t.length - 1]!, /^names redis[23] \(config epoch 1\)$/);
  }
  // From +promoted-slave the leader names the promoted replica, as it tells clients and writes to sentinel.conf.
  const reconfiguring = sentinels.rows.flatMap((r) => r.segments.map((s) => s.text)).filter((t) => t.includes(' promoted, reconfiguring replicas'));
  assert.ok(reconfiguring.length > 0, describe(sentinels, 's1'));
  for (const t of reconfiguring) assert.ok(t.startsWith(`names ${/\): (redis\d) promoted/.exec(t)?.[1]} (config epoch 1)`), t);
  const all = sentinels.rows.flatMap((r) => (r.marks ?? []).map((m) => m.label));
  assert.ok(all.some((x) => x.startsWith('leader, epoch 1')), all.join('\n'));
  assert.ok(all.some((x) => x.includes('failover-end: redis')), all.join('\n'));
  assert.ok(all.some((x) => x.startsWith('convert-to-slave: redis1')), all.join('\n'));

  // Rows are drawn in order and hovered by first match: segments must not overlap. Marks lie in the run, in order.
  const endUs = artifacts.sim.nowUs;
  for (const r of [...roles.rows, ...sentinels.rows]) {
    r.segments.forEach((s, i) => {
      assert.ok(s.toUs > s.fromUs, `${r.label}: ${s.fromUs}..${s.toUs}`);
      const next = r.segments[i + 1];
      if (next !== undefined) assert.ok(next.fromUs >= s.toUs, `${r.label}: ${s.text} overlaps ${next.text}`);
    });
    (r.marks ?? []).forEach((m, i, all) => {
      assert.ok(m.atUs >= 0 && m.atUs <= endUs, `${r.label}: mark at ${m.atUs} outside 0..${endUs}`);
      if (i > 0) assert.ok(m.atUs > all[i - 1]!.atUs, `${r.label}: marks out of order or sharing an instant`);
    });
  }
});

test('liveness: a stuck state names two masters under one config epoch as a tie', () => {
  const sentinel = (id: NodeId, master: NodeId, configEpoch: number) => Object.assign(new Sentinel(id, { ...SENTINEL_DEFAULTS, masterName: MASTER_NAME, initialMaster: master, redisNodes: REDIS, sentinels: SENTINELS }), { configEpoch });
  assert.equal(configEpochTies([sentinel('s1', 'redis1', 2), sentinel('s2', 'redis2', 2), sentinel('s3', 'redis1', 2)]), ['config epoch 2 names redis1 and redis2 (a tie: sentinel.c settles none by hello)']);
  assert.equal(configEpochTies([sentinel('s1', 'redis1', 1), sentinel('s2', 'redis2', 2), sentinel('s3', 'redis2', 2)]), []);
});

test('panels: states become segments and point events marks over them; events at one instant share a mark', () => {
  const row = timelineRow('n', [
    { timeUs: 0, look: { text: 'a', tone: 'ok' } },
    { timeUs: 100, look: { text: 'a', tone: 'ok' } },
    { timeUs: 100, look: { text: 'b', tone: 'warn' } },
    { timeUs: 500, look: { text: 'c', tone: 'neutral' } },
  ], [
    { timeUs: 200, text: 'x', tone: 'neutral' },
    { timeUs: 200, text: 'y', tone: 'bad' },
    { timeUs: 250, text: 'z', tone: 'ok' },
  ], 1000);
  // Equal neighbours merge, the zero-length state at 100 is dropped, and the marks leave the states whole.
  assert.equal(row.segments.map((s) => [s.fromUs, s.toUs, s.text, s.tone]), [
    [0, 100, 'a', 'ok'], [100, 500, 'b', 'warn'], [500, 1000, 'c', 'neutral'],
  ]);
  assert.equal(row.marks?.map((m) => [m.atUs, m.label, m.tone]), [[200, 'x; y', 'bad'], [250, 'z', 'ok']]);
});

test.run();
