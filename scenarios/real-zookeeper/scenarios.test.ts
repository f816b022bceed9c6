/**
 * The real-zookeeper scenarios swept over their seeds (see sweep.test-util.ts): node-zookeeper-client's
 * lock loses exclusivity to a holder paused past its session timeout, and the czxid fence keeps stale
 * writes out. The violation shrinks and its replay file reproduces it bit for bit; a seed gives one
 * trace hash run after run, also with another run in between.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { replayRun } from '../../harness/cli/replay-command.js';
import { replayFromRun, writeReplayFile } from '../../harness/run/replay-file.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { shrinkSeed } from '../../harness/run/search.js';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs, runEnds } from '../../harness/check/locks/notes.js';
import { sweepTests } from '../sweep.test-util.js';
import { REAL_ZOOKEEPER_SCENARIOS, realZkLockPausedHolder, realZkLockPausedHolderFenced } from './index.js';

sweepTests(REAL_ZOOKEEPER_SCENARIOS, {
  flawCheckers: {
    'real-zookeeper/lock-paused-holder': ['lock exclusivity (true time)', 'resource safety'],
  },
  after: async (scenario, runs) => {
    if (scenario.id !== realZkLockPausedHolderFenced.id) return;
    // The fence is what keeps the resource safe: the beliefs did overlap on some seed.
    let overlapping = 0;
    for (const { seed, schedule } of runs) {
      const { artifacts } = await runOnce(realZkLockPausedHolderFenced, seed, schedule);
      if (checkLockExclusivity(lockBeliefs(artifacts.notes, runEnds(artifacts.schedule, artifacts.sim.nowUs))).valid === false) overlapping++;
    }
    assert.ok(overlapping > 0, 'no seed had overlapping beliefs');
  },
});

test('real-zookeeper/lock-paused-holder: a violation shrinks, and its replay file reproduces it bit for bit', async () => {
  let seed = 1;
  while ((await runOnce(realZkLockPausedHolder, seed, scheduleForSeed(realZkLockPausedHolder, seed))).result.verdict !== 'violation') {
    seed++;
    assert.ok(seed <= realZkLockPausedHolder.seeds.nightly, `no violation in the nightly budget's ${realZkLockPausedHolder.seeds.nightly} seeds`);
  }
  const shrunk = await shrinkSeed(realZkLockPausedHolder, seed, { maxRuns: 60 });
  assert.ok(shrunk !== null);
  assert.is(shrunk.result.verdict, 'violation');
  // The nemesis draws one pause per client at least: a shrunk schedule keeps that floor and nothing more.
  assert.ok(shrunk.result.schedule.length < shrunk.original.length || shrunk.original.length <= 6, `${shrunk.result.schedule.length} of ${shrunk.original.length}`);
  const dir = mkdtempSync(join(tmpdir(), 'real-zk-'));
  try {
    const file = join(dir, 'shrunk.replay');
    writeReplayFile(file, replayFromRun(shrunk.result, realZkLockPausedHolder.config, true));
    const { reproduced, result, problem } = await replayRun(file);
    assert.ok(reproduced, problem);
    assert.is(result.traceHash, shrunk.result.traceHash);
    assert.is(result.verdict, 'violation');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('determinism: one seed gives one trace hash, also with another run in between', async () => {
  const seed = 2;
  const schedule = scheduleForSeed(realZkLockPausedHolder, seed);
  const a = await runOnce(realZkLockPausedHolder, seed, schedule);
  const b = await runOnce(realZkLockPausedHolder, seed, schedule);
  await runOnce(realZkLockPausedHolderFenced, seed + 1, scheduleForSeed(realZkLockPausedHolderFenced, seed + 1));
  const c = await runOnce(realZkLockPausedHolder, seed, schedule);
  assert.is(b.result.traceHash, a.result.traceHash);
  assert.is(c.result.traceHash, a.result.traceHash);
});

test.run();
