/** A time limit leaves seeds unrun: what it cut short is judged on what ran, what it never reached is unknown. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { quorumSet } from '../../scenarios/examples/quorum-set.js';
import { primaryBackup } from '../../scenarios/examples/primary-backup.js';
import { runSuite } from './suite.js';

test('--time-limit: coverage is not judged and an expected violation not yet found is undecided for scenarios cut short', async () => {
  const out = mkdtempSync(join(tmpdir(), 'faultline-time-limit-'));
  try {
    // Far more seeds than 400 ms allow; a goal no run reaches would fail a finished sweep.
    const safe = { ...quorumSet, id: 'time-limit/safe', seeds: { test: 100_000, nightly: 100_000 }, coverage: [{ goal: 'never-reached', atLeast: 1 }] };
    const unreached = { ...primaryBackup, id: 'time-limit/unreached', seeds: { test: 5, nightly: 5 } };
    const outcome = await runSuite({ scenarios: [safe, unreached], search: true, timeLimitMs: 400, outDir: out, shrink: false });
    assert.ok(outcome.timedOut);
    const [first, second] = outcome.summaries;
    assert.ok(first!.seedsRun > 0 && first!.seedsRun < 100_000, `ran ${first!.seedsRun}`);
    assert.is(first!.status, 'as-expected');
    assert.is(second!.seedsRun, 0);
    assert.is(second!.status, 'unknown');
    assert.equal(outcome.coverage, [], 'no goal judged on a cut-short sweep');
    assert.is(outcome.exitCode, 3, 'a scenario never reached leaves the suite unknown, not failed');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('--time-limit in search mode: a search that ended at its finding was not cut short (its coverage is judged)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'faultline-time-limit-'));
  try {
    const found = { ...primaryBackup, id: 'time-limit/found', seeds: { test: 200, nightly: 200 } };
    const safe = { ...quorumSet, id: 'time-limit/long', seeds: { test: 100_000, nightly: 100_000 } };
    const outcome = await runSuite({ scenarios: [found, safe], search: true, timeLimitMs: 3000, outDir: out, shrink: false });
    assert.ok(outcome.timedOut);
    assert.is(outcome.summaries[0]!.status, 'as-expected');
    assert.ok(outcome.summaries[0]!.seedsRun < 200);
    assert.equal(outcome.coverage.map((c) => c.goal), ['time-limit/found: failover']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
