import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { primaryBackup } from '../../scenarios/examples/primary-backup.js';
import { runOnce, scheduleForSeed } from './run-once.js';
import { isFinding, searchScenario, shrinkSeed } from './search.js';
import { SCENARIOS } from './test-scenarios.test-util.js';

test('shrinking keeps the seed and finds a much smaller schedule that still loses adds', async () => {
  const seed = 3;
  const original = scheduleForSeed(primaryBackup, seed);
  const shrunk = await shrinkSeed(primaryBackup, seed);
  assert.ok(shrunk);
  assert.equal(shrunk.original, original);
  assert.is(shrunk.result.seed, seed);
  assert.is(shrunk.result.verdict, 'violation');
  assert.ok(shrunk.result.schedule.length <= 2, JSON.stringify(shrunk.result.schedule));
  assert.ok(shrunk.result.schedule.length < original.length);
  // Then fewer operations: a handful of client operations still lose an acknowledged add (a pause hung on
  // the first acknowledgement needs the clients to keep going until the failover).
  assert.ok(shrunk.result.maxOps !== undefined && shrunk.result.maxOps <= 8, String(shrunk.result.maxOps));
  // Reproducible: the same shrink again gives the same run.
  const again = await shrinkSeed(primaryBackup, seed, { maxRuns: 300 });
  assert.is(again?.result.traceHash, shrunk.result.traceHash);
});

test('a passing seed has nothing to shrink', async () => {
  const { result } = await runOnce(primaryBackup, 1, scheduleForSeed(primaryBackup, 1));
  assert.not.ok(isFinding(primaryBackup, result));
  assert.is(await shrinkSeed(primaryBackup, 1), null);
});

test('property search is reproducible from its seed and shrinks the finding', async () => {
  const a = await searchScenario(primaryBackup, { runs: 10, seed: 7 });
  const b = await searchScenario(primaryBackup, { runs: 10, seed: 7 });
  assert.ok(a.finding);
  assert.equal(a.results.map((r) => r.traceHash), b.results.map((r) => r.traceHash));
  assert.is(a.finding.shrunk.traceHash, b.finding?.shrunk.traceHash);
  assert.ok(a.finding.shrunk.schedule.length <= a.finding.first.schedule.length);
  assert.ok(a.runsMade > a.results.length);
});

test('liveness: eventually holds, or fails naming the stuck state', async () => {
  const live = SCENARIOS.find((s) => s.id === 'test/live');
  assert.ok(live);
  const { result } = await runOnce(live, 1, []);
  const [up, time] = result.checks.slice(-2);
  assert.is(up?.checker, 'eventually: every server is up');
  assert.is(up?.valid, true);
  assert.is(time?.valid, false);
  assert.match(time?.explanation ?? '', /did not hold within 300 ms of the heal; stuck state: true time is only 900000 µs/);
  assert.is(result.verdict, 'violation');
});

test.run();
