import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureDetail } from '../fixtures.test-util.js';
import { faultBands } from './fault-bands.js';
import { violationRefs } from './anomalies.js';
import { BAND_KINDS, failureView, initialView } from './timeline-data.js';
import { renderHtmlReport } from './page.js';
import { suiteReport, XSS } from '../fixtures.test-util.js';

test('fault bands: partition -> heal, crash -> restart, pause -> resume, open faults end at the heal', () => {
  const { bands, markers } = faultBands([
    { at: 10, kind: 'partition', shape: 'isolate', nodes: ['a', 'b'], grudge: { a: ['b'], b: ['a'] } },
    { at: 20, kind: 'pause', node: 'a' },
    { at: 30, kind: 'crash', node: 'a' },
    { at: 40, kind: 'heal' },
    { at: 50, kind: 'restart', node: 'a' },
    { at: 60, kind: 'clock-jump', node: 'b', deltaMs: -5 },
    { at: 70, kind: 'crash', node: 'b' },
  ], 100);
  const summary = bands.map((b) => `${b.kind} ${b.node ?? '-'} ${b.fromUs}-${b.toUs}${b.open ? ' open' : ''}: ${b.text}`);
  assert.equal(summary, [
    'partition - 10-40: partition isolate {a} | {b}',
    'cut a 10-40: a cut off from {b}',
    'cut b 10-40: b cut off from {a}',
    'pause a 20-30: a paused',
    'crash a 30-50: a down (crashed)',
    'crash b 70-100 open: b down (crashed)',
  ]);
  assert.equal(markers, [{ kind: 'clock-jump', node: 'b', atUs: 60, text: 'clock -5 ms' }]);
});

test('anomalies: linearizability windows and generic op indices', () => {
  const lin = violationRefs({ checker: 'lin', valid: false, explanation: 'no', anomalies: [{ kind: 'non-linearizable', window: { ops: [1, 2, 3, 4] }, minimalOps: [2, 4], longestPrefix: [1], story: 'a story' }] });
  assert.equal([lin.ops, lin.window, lin.prefix, lin.story], [[2, 4], [1, 2, 3, 4], [1], 'a story']);
  const lost = violationRefs({ checker: 'dur', valid: false, explanation: 'lost', anomalies: [{ value: 3, ackIndex: 7, readIndex: 9 }, { ops: [1, 7] }, 'odd'] });
  assert.equal(lost.ops, [1, 7, 9]);
  assert.match(lost.story, '3 anomalies:\n  - {"value":3,"ackIndex":7,"readIndex":9}');
});

test('failure view: paired ops, lanes per process, lock lanes, highlighted violation, clock offsets', () => {
  const detail = failureDetail();
  const view = failureView(detail);
  assert.equal(view.lanes.map((l) => l.label), ['network', 'n1', 'n2', 'n3', 'c1', 'c1 locks', 'c2', 'c2 locks', 'c3']);
  assert.is(view.ops.length, detail.history.length / 2);
  for (const o of view.ops) assert.ok(o[2] >= o[1]);
  const lin = view.violations[0]!;
  assert.is(lin.ops.length, 3);
  assert.ok(lin.fromUs >= 4_000_000 && lin.toUs > lin.fromUs);
  assert.equal(view.locks.map((l) => [view.lanes[l[0]]!.label, l[1], l[2], l[3]]), [
    ['c1 locks', 3_500_000, 4_600_000, 4_100_000],
    ['c2 locks', 4_200_000, 4_800_000, -1],
  ]);
  assert.ok(view.markers.some((m) => m[2] === 'note' && m[3].startsWith('leader {"term":3')));
  const n2 = view.clocks.find((c) => c.node === 'n2')!;
  assert.equal(n2.wall.map((p) => p[1]).filter((v, i, a) => a.indexOf(v) === i), [0, -30]);
  const c1 = view.clocks.find((c) => c.node === 'c1')!;
  assert.is(c1.wall[c1.wall.length - 1]![1], 36);
  const crash = view.bands.find((b) => BAND_KINDS[b[3]] === 'crash')!;
  assert.equal([crash[1], crash[2], crash[5]], [6_000_000, 7_000_000, 0]);
});

test('initial view: from 0 to just past the last violating op or panel mark; the whole run without either', () => {
  const panel = (atUs: number[]) => ({ title: 'p', rows: [{ label: 'n', segments: [], marks: atUs.map((a) => ({ atUs: a, label: 'm' })) }] });
  // A late mark (a resync after the heal) widens the view past the violation, with room after it.
  const [from, to] = initialView(20_000_000, [{ toUs: 2_000_000 }], [panel([1_000_000, 11_600_000])]);
  assert.is(from, 0);
  assert.ok(to > 11_600_000 && to < 13_000_000, String(to));
  // The violation alone, when it comes last.
  const [, toV] = initialView(20_000_000, [{ toUs: 5_000_000 }], [panel([])]);
  assert.ok(toV > 5_000_000 && toV < 6_000_000, String(toV));
  // Nothing to show: the whole run; a mark past the end is clamped to it.
  assert.equal(initialView(20_000_000, [], []), [0, 20_000_000]);
  assert.equal(initialView(20_000_000, [], [panel([25_000_000, Number.NaN])]), [0, 20_000_000]);
  // The fixture: its late mark at 8.5 s is in the view built from a FailureDetail.
  const view = failureView(failureDetail());
  assert.ok(view.initialView[0] === 0 && view.initialView[1] > 8_500_000 && view.initialView[1] < 10_000_000, String(view.initialView));
});

test('the page embeds data safely: one closing script tag per script, no raw payload', () => {
  const html = renderHtmlReport(suiteReport({ hostile: true }));
  assert.is(html.match(/<\/script>/g)?.length, 2);
  assert.not.match(html, '<img');
  assert.match(html, "Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-");
  assert.match(html, `<title>${'faultline suite &lt;/script&gt;&lt;img'}`);
  assert.ok(XSS.includes('</script>'));
});

test.run();
