import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderJunit } from './junit.js';
import { suiteReport, XSS } from './fixtures.test-util.js';

test('a testsuite per scenario, a failure with the explanation and the replay command', () => {
  const xml = renderJunit(suiteReport());
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="faultline suite" tests="2" failures="1" errors="0"'));
  assert.is(xml.match(/<testsuite /g)?.length, 2);
  assert.is(xml.match(/<testcase /g)?.length, 2);
  assert.is(xml.match(/<failure /g)?.length, 1);
  const lock = xml.slice(xml.indexOf('<testsuite name="lock-lease"'), xml.indexOf('</testsuite>'));
  assert.match(lock, 'failures="1"');
  assert.match(lock, 'message="seed 7: violation: not linearizable on x');
  assert.match(lock, '; replay: npx faultline replay faultline-out/replay/lock-lease-seed-7.json" type="violation"');
  assert.match(lock, 'linearizability (false): not linearizable on x');
  assert.match(lock, 'replay: npx faultline replay faultline-out/replay/lock-lease-seed-7.json');
  assert.match(lock, 'at 3.000 s: partition halves {n1,n2,n3} | {c1,c2,c3}');
  // Names do not change with the seed budget.
  assert.match(xml, '<testcase classname="faultline.queue-ok" name="queue-ok (expect pass)" time="0.030"/>');
  const more = suiteReport();
  more.scenarios[1]!.seedsRun = 300;
  assert.equal([...renderJunit(more).matchAll(/ name="([^"]*)"/g)].map((m) => m[1]), [...xml.matchAll(/ name="([^"]*)"/g)].map((m) => m[1]));
});

test('an expected violation not found, and an undecided scenario', () => {
  const report = suiteReport();
  report.failures = [];
  report.scenarios[0]!.expect = 'violation';
  report.scenarios[0]!.verdicts = { pass: 3, violation: 0, unknown: 0, error: 0 };
  report.scenarios[1]!.status = 'unknown';
  const xml = renderJunit(report);
  assert.match(xml, 'message="expected a violation; none found in 3 seeds" type="expected-violation-not-found"');
  assert.match(xml, '<error message="undecided: 3 pass, 0 violation, 0 unknown, 0 error" type="unknown">');
  assert.match(xml, 'failures="1" errors="1"');
});

test('perSeed: a testcase per failing seed, named by scenario and seed', () => {
  const xml = renderJunit(suiteReport(), { perSeed: true });
  assert.match(xml, '<testcase classname="faultline.lock-lease" name="lock-lease seed 7" time="0.013">');
  assert.is(xml.match(/<failure /g)?.length, 2);
  assert.match(xml, '<testsuite name="lock-lease" tests="2" failures="2"');
  assert.match(xml, 'tests="3" failures="2"');
  assert.is(renderJunit(suiteReport()).match(/<testcase /g)?.length, 2, 'off by default');
});

test('every value is XML-escaped', () => {
  const xml = renderJunit(suiteReport({ hostile: true }));
  assert.not.match(xml, '<script>');
  assert.not.match(xml, '<img');
  assert.match(xml, '&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  // Every tag left is one of ours.
  const tags = new Set([...xml.matchAll(/<\/?([a-z-]+)/g)].map((m) => m[1]));
  assert.equal([...tags].sort(), ['failure', 'properties', 'property', 'testcase', 'testsuite', 'testsuites']);
  assert.ok(XSS.length > 0);
});

test.run();
