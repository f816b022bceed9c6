/** Runs started together in one process (a Promise.all of runs, two test files in one worker) behave as if run alone. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { primaryBackup } from '../../scenarios/examples/primary-backup.js';
import { quorumSet } from '../../scenarios/examples/quorum-set.js';
import { redlockClientPause } from '../../scenarios/redlock/client-pause.js';
import { zkLockPausedHolder, zkSafeSmoke } from '../../scenarios/zookeeper/index.js';
import { runOnce, scheduleForSeed } from './run-once.js';
import type { AnyScenario } from './scenario.js';

const RUNS: [AnyScenario, number][] = [
  [primaryBackup, 1], [primaryBackup, 2], [primaryBackup, 3], [quorumSet, 1],
  [zkSafeSmoke, 1], [zkLockPausedHolder, 2], [redlockClientPause, 1],
];

/** What must not depend on whether a run had company: its verdicts and its trace. */
async function outcome(scenario: AnyScenario, seed: number) {
  const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
  return {
    // An error's message, not its stack: async frames differ with company.
    run: `${scenario.id} seed ${seed}`, verdict: result.verdict, error: result.error?.split('\n')[0], traceHash: result.traceHash,
    events: result.stats.events, checks: result.checks.map((c) => `${c.checker}: ${String(c.valid)}`),
  };
}

test('a Promise.all of runs gives the verdicts and trace hashes of the same runs one after the other', async () => {
  const sequential = [];
  for (const [scenario, seed] of RUNS) sequential.push(await outcome(scenario, seed));
  const together = await Promise.all(RUNS.map(([scenario, seed]) => outcome(scenario, seed)));
  assert.equal(together, sequential);
  // The runs are worth comparing: both verdicts occur.
  assert.ok(sequential.some((o) => o.verdict === 'pass') && sequential.some((o) => o.verdict === 'violation'));
});

test('two batches of concurrent runs started at different moments agree with each other', async () => {
  const first = Promise.all(RUNS.map(([scenario, seed]) => outcome(scenario, seed)));
  await new Promise((resolve) => setImmediate(resolve)); // the second batch joins while the first is under way
  const second = Promise.all([...RUNS].reverse().map(([scenario, seed]) => outcome(scenario, seed)));
  const [a, b] = await Promise.all([first, second]);
  assert.equal([...b].reverse(), a);
});

test.run();
