import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { describeSchedule } from '../../harness/faults/describe.js';
import type { AnyScenario } from '../../harness/run/scenario.js';
import { zkSafe, zk1154, zk3911, zkLockPausedHolder } from './index.js';
import { AGREEMENT, DURABILITY } from './shared.js';

async function seeds(scenario: AnyScenario) {
  const out = [];
  for (let seed = 1; seed <= scenario.seeds.test; seed++) {
    const schedule = scheduleForSeed(scenario, seed);
    const { result } = await runOnce(scenario, seed, schedule);
    out.push({ seed, result, schedule });
  }
  return out;
}

test('zookeeper/safe: every seed passes every checker', async () => {
  for (const { seed, result, schedule } of await seeds(zkSafe)) {
    const bad = result.checks.filter((c) => c.valid !== true).map((c) => `${c.checker}: ${c.explanation}`);
    assert.is(result.verdict, 'pass', `seed ${seed}: ${result.error ?? bad.join('; ')}\n${describeSchedule(schedule).join('\n')}`);
  }
});

/** A violation scenario must find its anomaly through the checker that names it, and never error. */
const LOCK_EXCLUSIVITY = zkLockPausedHolder.checkers[0]!;
for (const [scenario, checker] of [[zk1154, AGREEMENT], [zk3911, DURABILITY], [zkLockPausedHolder, LOCK_EXCLUSIVITY]] as const) {
  test(`${scenario.id}: found by "${checker.name}"`, async () => {
    const runs = await seeds(scenario);
    for (const { seed, result } of runs) assert.not.equal(result.verdict, 'error', `seed ${seed}: ${result.error}`);
    const found = runs.filter(({ result }) => result.checks.some((c) => c.checker === checker.name && c.valid === false));
    assert.ok(found.length > 0, `no seed of ${scenario.seeds.test} found the anomaly`);
    // The right reason: a ZAB bug breaks agreement or durability, never election safety.
    for (const { result } of runs) assert.ok(result.checks.every((c) => !c.checker.includes('election safety') || c.valid === true));
  });
}

test('zookeeper: a run is a function of its seed (same trace hash twice)', async () => {
  const schedule = scheduleForSeed(zkSafe, 3);
  const a = await runOnce(zkSafe, 3, schedule);
  const b = await runOnce(zkSafe, 3, schedule);
  assert.is(a.result.traceHash, b.result.traceHash);
});

test('panels: leader and epoch per server, including the crash and the new epoch', async () => {
  const seed = 4;
  const { artifacts } = await runOnce(zk3911, seed, scheduleForSeed(zk3911, seed));
  const [roles, zxids] = zk3911.panels!(artifacts);
  assert.is(roles!.rows.length, 3);
  const texts = roles!.rows.flatMap((r) => r.segments.map((s) => `${r.label} ${s.text}`));
  assert.ok(texts.includes('zk3 LEADING epoch 1'), texts.join('\n'));
  assert.ok(texts.includes('zk1 down'));
  assert.ok(texts.some((t) => t.startsWith('zk1 LEADING epoch 3')), texts.join('\n'));
  assert.ok(zxids!.rows.every((r) => r.segments.length > 0));
});

test.run();
