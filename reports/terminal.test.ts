import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useColor } from './color.js';
import { renderTerminalSummary } from './terminal.js';
import { suiteReport } from './fixtures.test-util.js';

test('names each failure, its checker verdicts in one line each, its schedule in words, the replay command and the report path', () => {
  const text = renderTerminalSummary(suiteReport(), 'faultline-out/report.html', 2_583_000, { color: false });
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
  const text = renderTerminalSummary(report, undefined, undefined, { color: false });
  assert.match(text, 'expected a violation but none was found in 3 seeds');
  assert.not.match(text, 'report:');
});

test('an error\'s whole message, every line of it, without its stack', () => {
  const report = suiteReport();
  report.failures[0]!.run.error = 'Error: real process c1: cannot bundle\n  lock-client.js:6:23: Could not resolve "ioredis"\n  not installed: npm install --save-dev ioredis\n    at compile (bundle.js:52:15)\n    at compiled (bundle.js:60:18)';
  const text = renderTerminalSummary(report, undefined, undefined, { color: false });
  assert.match(text, '  error: Error: real process c1: cannot bundle\n      lock-client.js:6:23: Could not resolve "ioredis"\n      not installed: npm install --save-dev ioredis\n');
  assert.not.match(text, 'at compile');
});

test('whole multi-line explanations, indented under their checker', () => {
  const report = suiteReport();
  const check = report.failures[0]!.run.checks[0]!;
  check.explanation = 'Not linearizable: these 2 operations cannot be ordered:\n  - process 0 acquire()\n  - process 4 acquire()';
  const lines = renderTerminalSummary(report, undefined, undefined, { color: false }).split('\n');
  const at = lines.indexOf('  linearizability: violation: Not linearizable: these 2 operations cannot be ordered:');
  assert.ok(at >= 0);
  // Processes are named by their clients, as the report's lanes are.
  assert.equal(lines.slice(at + 1, at + 3), ['      - c1 (process 0) acquire()', '      - c2 (process 4) acquire()']);
});

test('colour: on a TTY, never with NO_COLOR, always with FORCE_COLOR', () => {
  assert.is(useColor({}, true), true);
  assert.is(useColor({}, false), false);
  assert.is(useColor({ NO_COLOR: '1' }, true), false);
  assert.is(useColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true), false);
  assert.is(useColor({ FORCE_COLOR: '1' }, false), true);
  assert.is(useColor({ FORCE_COLOR: '0' }, true), false);
  const coloured = renderTerminalSummary(suiteReport(), undefined, undefined, { color: true });
  assert.match(coloured, '\u001b[31mFAILED\u001b[0m');
  assert.not.match(renderTerminalSummary(suiteReport(), undefined, undefined, { color: false }), '\u001b[');
});

test.run();
