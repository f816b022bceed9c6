import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderTerminalSummary } from './terminal.js';
import { suiteReport } from './fixtures.test-util.js';

test('names each failure, its checker verdicts in one line each, its schedule in words, the replay command and the report path', () => {
  const text = renderTerminalSummary(suiteReport(), 'faultline-out/report.html', 2_583_000);
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', 'faultline suite: FAILED (exit 1); 2 scenarios, 6 runs');
  assert.ok(lines.includes('  FAIL lock-lease: expect pass; 2 pass, 1 violation, 0 unknown, 0 error'));
  assert.ok(lines.includes('  ok   queue-ok: expect pass; 3 pass, 0 violation, 0 unknown, 0 error'));
  assert.ok(lines.includes('lock-lease seed 7: violation'));
  assert.ok(lines.includes('  linearizability: violation: not linearizable on x: 3 operations cannot be ordered (c2 read 1 after c3 wrote 2)'));
  assert.ok(lines.includes('  mutual-exclusion: violation: c1 and c2 both held lock L between 4.200 s and 4.600 s'));
  assert.not.match(text, 'durability:');
  assert.ok(lines.includes('  shrunk to 8 faults:'));
  assert.ok(lines.includes('    at 3.900 s: c1 paused'), 'the schedule in words');
  assert.ok(lines.includes('  replay: npx faultline replay faultline-out/replay/lock-lease-seed-7.json'));
  assert.ok(lines.includes('coverage: 1/2 goals met; unmet: crash of leader 0/2'));
  assert.ok(lines.includes('report: faultline-out/report.html (2.6 MB)'));
});

test('an expected violation that was not found says so', () => {
  const report = suiteReport();
  report.failures = [];
  report.scenarios[0]!.expect = 'violation';
  report.scenarios[0]!.verdicts = { pass: 3, violation: 0, unknown: 0, error: 0 };
  const text = renderTerminalSummary(report);
  assert.match(text, 'expected a violation but none was found in 3 seeds');
  assert.not.match(text, 'report:');
});

test.run();
