/**
 * Every ZooKeeper scenario swept over its seeds (see sweep.test-util.ts): a violation scenario is found through
 * the checkers that name its anomaly and never breaks election safety; plus the checks below per scenario.
 * Also: the session checker without lastZxid, determinism of one seed, and the report panels.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed, type RunResult } from '../../harness/run/run-once.js';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs, runEnds } from '../../harness/check/locks/notes.js';
import { coverageOf, sweepTests, type SeedRun } from '../sweep.test-util.js';
import { ZOOKEEPER_SCENARIOS, zkSafe, zk1154, zk3911, zkSyncStaleRead, zkLockPausedHolder, zkLockPausedHolderFenced, zkLeaderLatch } from './index.js';
import { LOCK_EXCLUSIVITY, resourceSafety } from './lock-paused-holder.js';
import { AGREEMENT, DURABILITY, LINEARIZABLE, SESSION_CONSISTENCY } from './shared.js';

/** More checks on every seed of a scenario. */
const ON_SEED: Record<string, (result: RunResult) => void> = {
  // The session checker saw plain reads and writes, not an empty history.
  [zkSafe.id]: (result) => {
    const session = result.checks.find((c) => c.checker === SESSION_CONSISTENCY.name);
    assert.ok((session?.stats?.['reads'] as number) > 100 && (session?.stats?.['writes'] as number) > 100, JSON.stringify(session?.stats));
  },
  [zkLockPausedHolderFenced.id]: (result) => {
    assert.ok(result.checks.some((c) => c.checker === 'resource safety (czxid fencing tokens)' && c.valid === true));
  },
  [zkLeaderLatch.id]: (result) => {
    const exclusivity = result.checks.find((c) => c.checker === LOCK_EXCLUSIVITY.name);
    assert.ok((exclusivity?.stats?.['beliefs'] as number) >= 3, JSON.stringify(exclusivity?.stats));
  },
};

/** More checks on all the seeds of a scenario. */
const AFTER: Record<string, (runs: SeedRun[]) => Promise<void>> = {
  /**
   * czxid fencing keeps stale writes out on every seed: the resource did turn stale writes away (a coverage
   * goal) while the beliefs still overlapped, why exclusivity in true time is not this scenario's checker.
   */
  [zkLockPausedHolderFenced.id]: async (runs) => {
    let overlapping = 0;
    for (const { seed, schedule } of runs) {
      const { artifacts } = await runOnce(zkLockPausedHolderFenced, seed, schedule);
      if (checkLockExclusivity(lockBeliefs(artifacts.notes, runEnds(artifacts.schedule, artifacts.sim.nowUs))).valid === false) overlapping++;
    }
    assert.ok(overlapping > 0);
  },

  /**
   * Leader election under candidate crashes and short server partitions: never two leaders at once, on
   * every seed, with leadership passing between candidates. The same checker does fail on this recipe when
   * a leader is paused past its session timeout (it believes until it runs again).
   */
  [zkLeaderLatch.id]: async (runs) => {
    assert.ok(coverageOf(runs, 'zk:latch-leader') >= 3 * runs.length, 'leadership passed between candidates');
    assert.ok(runs.some(({ schedule }) => schedule.some((f) => f.kind === 'crash')), 'candidates crashed');
    const paused = {
      ...zkLeaderLatch,
      nemesis: { schedule: { kinds: ['pause' as const], pauseNodes: zkLeaderLatch.topology.clients, maxFaults: 6, minDurationUs: 400_000, maxDurationUs: 800_000 } },
    };
    const found = [];
    for (let seed = 1; seed <= zkLeaderLatch.seeds.test; seed++) {
      const { result } = await runOnce(paused, seed, scheduleForSeed(paused, seed));
      assert.not.equal(result.verdict, 'error', `seed ${seed}: ${result.error}`);
      if (result.checks.some((c) => c.checker === LOCK_EXCLUSIVITY.name && c.valid === false)) found.push(seed);
    }
    assert.ok(found.length > 0, 'no paused seed overlapped two leaders');
  },

  /**
   * Real ZooKeeper's sync (the default) is not a quorum round: a deposed leader that has not noticed yet
   * answers it, and a synced read on its side is stale. Found by linearizability alone (the logs, durability
   * and election stay safe: nothing is lost, a read is just old); with syncThroughQuorum, or without the
   * slow clock that delays the old leader's quorum check, the same seeds pass.
   */
  [zkSyncStaleRead.id]: async (runs) => {
    const found = runs.filter(({ result }) => result.checks.some((c) => c.checker === LINEARIZABLE.name && c.valid === false));
    assert.match(found[0]!.result.checks.find((c) => c.checker === LINEARIZABLE.name)!.explanation, /read\(\)/);
    const quorum = { ...zkSyncStaleRead, config: { ...zkSyncStaleRead.config, zk: { ...zkSyncStaleRead.config.zk, syncThroughQuorum: true } } };
    for (const { seed, schedule } of found) {
      const { result } = await runOnce(quorum, seed, schedule);
      assert.is(result.verdict, 'pass', `seed ${seed} with syncThroughQuorum: ${result.checks.map((c) => c.explanation).join('; ')}`);
      // Equal clocks: the old leader steps down as its followers start electing; the window is empty.
      const noDrift = schedule.filter((f) => f.kind !== 'clock-drift');
      const plain = await runOnce(zkSyncStaleRead, seed, noDrift);
      assert.is(plain.result.verdict, 'pass', `seed ${seed} without the slow clock`);
    }
  },
};

sweepTests(ZOOKEEPER_SCENARIOS, {
  // A ZAB bug breaks agreement or durability (a lost txn also fails linearizability), never election safety.
  flawCheckers: {
    [zk1154.id]: [AGREEMENT.name],
    [zk3911.id]: [DURABILITY.name, LINEARIZABLE.name],
    [zkSyncStaleRead.id]: [LINEARIZABLE.name],
    [zkLockPausedHolder.id]: [LOCK_EXCLUSIVITY.name, resourceSafety(false).name],
  },
  onSeed: (scenario, { result }) => ON_SEED[scenario.id]?.(result),
  after: (scenario, runs) => AFTER[scenario.id]?.(runs),
});

/**
 * The session checker can fail on a real run: a client that does not send the last zxid it has seen (the
 * ZooKeeper client does) reads from a lagging server after moving, and its view goes back. Seed 7 is
 * one where that happens; with the zxid sent, the same seed passes (the test above).
 */
test('zookeeper/safe without lastZxid: the session checker finds time going backwards', async () => {
  const scenario = { ...zkSafe, config: { ...zkSafe.config, client: { ...zkSafe.config.client, sendLastZxid: false } } };
  const { result } = await runOnce(scenario, 7, scheduleForSeed(scenario, 7));
  const session = result.checks.find((c) => c.checker === SESSION_CONSISTENCY.name);
  assert.is(session?.valid, false, session?.explanation);
  assert.match(session!.explanation, /monotonic-reads/);
  // Stale plain reads are allowed by linearizability's view of the history (they are not in it).
  assert.is(result.checks.find((c) => c.checker.startsWith('linearizable'))?.valid, true);
});

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
