import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEnv } from './env.test-util.js';
import { primaryBackup } from '../../scenarios/examples/primary-backup.js';
import { quorumSet } from '../../scenarios/examples/quorum-set.js';
import { redlockClockJump } from '../../scenarios/redlock/clock-jump.js';
import { assertScenario } from './assert-scenario.js';

const out = mkdtempSync(join(tmpdir(), 'faultline-assert-'));
test.after(() => rmSync(out, { recursive: true, force: true }));

async function rejection(promise: Promise<void>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

test('resolves when the scenario behaves as it expects, both ways', async () => {
  await assertScenario(quorumSet, { seeds: 3 });
  await assertScenario(primaryBackup, { seeds: 10 });
});

test('a violation in a pass scenario rejects with the explanation, the shrunk schedule and the replay command', async () => {
  const message = await rejection(assertScenario({ ...primaryBackup, expect: 'pass' }, { seeds: 10, out }));
  assert.match(message, /examples\/primary-backup expects to pass, but seed \d+ gave a violation \(seeds 1\.\.\d+\)/);
  assert.match(message, /checker "acknowledged adds survive" \(violated\):\n  .*acknowledged adds are missing/);
  assert.match(message, /schedule, shrunk from \d+ to \d+ faults/);
  const file = /replay: npx faultline replay (\S+)/.exec(message)?.[1];
  assert.ok(file !== undefined && existsSync(file), message);
});

test('the explanation names clients as the CLI summary does: "c2 (process 1)", not a bare process number', async () => {
  const message = await rejection(assertScenario({ ...redlockClockJump, expect: 'pass' }, { seeds: 6, shrink: false, out }));
  assert.match(message, /checker "mutex history \(linearizable\)" \(violated\):/);
  assert.match(message, /- c[12] \(process \d+\) acquire\(\)/);
  assert.not.match(message, /[^(]process \d+\)? acquire/);
});

test('an expected violation not found rejects naming the seeds', async () => {
  const message = await rejection(assertScenario({ ...quorumSet, expect: 'violation' }, { seeds: 2, out }));
  assert.match(message, /examples\/quorum-set expects a violation, but none was found in seeds 1\.\.2/);
});

test('FAULTLINE_SEEDS and FAULTLINE_SEED override the options; a bad value names the variable', async () => {
  await withEnv({ FAULTLINE_SEEDS: '2', FAULTLINE_SEED: '5' }, async () => {
    const message = await rejection(assertScenario({ ...quorumSet, expect: 'violation' }, { seeds: 50, out }));
    assert.match(message, /none was found in seeds 5\.\.6/);
    process.env['FAULTLINE_SEEDS'] = 'many';
    assert.match(await rejection(assertScenario(quorumSet)), /FAULTLINE_SEEDS must be a positive integer, got "many"/);
  });
});

test('a malformed scenario is refused naming the field', async () => {
  const message = await rejection(assertScenario({ ...quorumSet, phases: { nemesisMs: -1, quiesceMs: 100 } }));
  assert.match(message, /scenario "examples\/quorum-set": phases.nemesisMs must be a positive number of milliseconds, got -1/);
});

test.run();
