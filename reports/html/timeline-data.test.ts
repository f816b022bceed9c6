import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failureDetail } from '../fixtures.test-util.js';
import { faultBands } from './fault-bands.js';
import { locate, steps, zxidTimes } from './locate.js';
import { anomalyText } from './story.js';
import { causesBefore } from './violations.js';
import { BAND_KINDS, failureView, initialView, OPEN_SHARE_MAX } from './timeline-data.js';
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

test("locate: an anomaly's own window wins; else its operations; else the notes that carry its zxid", () => {
  const history = [
    { index: 0, process: 0, type: 'invoke' as const, f: 'add', value: 3, time: 100 },
    { index: 1, process: 0, type: 'ok' as const, f: 'add', value: 3, time: 180 },
    { index: 2, process: 1, type: 'invoke' as const, f: 'read', value: null, time: 900 },
    { index: 3, process: 1, type: 'ok' as const, f: 'read', value: [], time: 990 },
  ];
  const notes = [{ timeUs: 555, node: 'c2', kind: 'zk-ack', data: { zxid: 2 * 2 ** 32 + 1 } }];
  const ctx = { history, notes, nodeIds: new Set(['n1', 'c1', 'c2', 'j1']) };
  const z = zxidTimes(notes);
  // A lost add: its own window; the final read is a reference that does not stretch it.
  assert.equal(locate({ value: 3, ackIndex: 1, readIndex: 3, fromUs: 100, toUs: 180, nodes: [] }, ctx, z), { fromUs: 100, toUs: 180, ops: [1], refs: [3], nodes: [] });
  // Named operations: the invoke through its completion.
  assert.equal(locate({ kind: 'non-linearizable', minimalOps: [0], window: { ops: [0, 2] } }, ctx, z)?.toUs, 180);
  // A zxid only (a diverging committed log): the client's ack of it.
  assert.equal(locate({ kind: 'diverging-logs', a: 'n1', b: 'n2', aEntry: { zxid: 2 * 2 ** 32 + 1, txn: 't' } }, ctx, z), { fromUs: 555, toUs: 555, ops: [], refs: [], nodes: ['n1', 'c2'] });
  assert.equal(locate({ kind: 'lost-committed-txn', zxid: '2:1', by: 'n1' }, ctx, z)?.fromUs, 555);
  // A zxid nobody acknowledged: between its epoch's neighbours (here 2:1 acked by a note, 2:9 by a write's completion).
  const withWrite = [...history, { index: 4, process: 2, type: 'invoke' as const, f: 'write', value: 1, time: 700 }, { index: 5, process: 2, type: 'ok' as const, f: 'write', value: { zxid: 2 * 2 ** 32 + 9 }, time: 800 }];
  const z2 = zxidTimes(notes, withWrite, (p) => `c${p + 1}`);
  assert.equal(z2.get(2 * 2 ** 32 + 9), { timeUs: 800, node: 'c3' });
  const between = locate({ kind: 'lost-committed-txn', zxid: '2:5', by: 'n1' }, { ...ctx, history: withWrite }, z2);
  assert.equal([between?.fromUs, between?.toUs], [555, 800]);
  // Instances name their node; nothing to place it by: null.
  assert.equal(locate({ kind: 'overlapping-runs', first: { instance: 'j1@-@0' }, fromUs: 1, toUs: 2 }, ctx, z)?.nodes, ['j1']);
  assert.is(locate({ kind: 'two-leaders', epoch: 3, leaders: ['n1'] }, ctx, z), null);
  // Close windows merge into one step; a far one is a step of its own.
  assert.equal(steps([{ fromUs: 0, toUs: 10, ops: [], refs: [], nodes: [] }, null, { fromUs: 15, toUs: 20, ops: [], refs: [], nodes: [] }, { fromUs: 900, toUs: 950, ops: [], refs: [], nodes: [] }], 10),
    [{ fromUs: 0, toUs: 20, anomalies: [0, 2] }, { fromUs: 900, toUs: 950, anomalies: [3] }]);
});

test('story: anomalies in sentences with client names; unknown kinds as a field table, never JSON', () => {
  const history = [
    { index: 0, process: 4, type: 'invoke' as const, f: 'acquire', value: null, time: 1_000_000 },
    { index: 1, process: 4, type: 'ok' as const, f: 'acquire', value: null, time: 1_200_000 },
  ];
  const ctx = { history, client: (p: number) => ['c1', 'c2', 'c3'][p % 3]! };
  const lin = anomalyText({ kind: 'non-linearizable', partition: 'all', minimalOps: [0], startStates: ['free'] }, ctx).text;
  assert.match(lin, 'c2 acquire() 1.000–1.200 s, ok');
  assert.not.match(lin, 'process');
  const overlap = anomalyText({ kind: 'overlapping-holders', lock: 'L', first: { client: 'c1', fromUs: 0, toUs: 500_000 }, second: { client: 'c2', fromUs: 400_000, toUs: 900_000 }, fromUs: 400_000, toUs: 500_000 }, ctx).text;
  assert.match(overlap, 'c1 and c2 both held lock "L" from 0.400 s to 0.500 s (100 ms of true time)');
  const odd = anomalyText({ kind: 'brand-new', where: { x: 1 } }, ctx);
  assert.equal(odd, { text: 'brand new', rows: [['where', '{"x":1}']] });
});

test('failure view: a lock belief begun and never closed is drawn until its holder crashed; a closed one once', () => {
  const detail = failureDetail();
  const held = (client: string, fromUs: number, session: string) => ({ timeUs: fromUs, node: client, kind: 'lock-held', data: { lock: 'M', client, session, fromUs, untilUs: 9_000_000 } });
  detail.notes = [
    held('c1', 1_000_000, 'c1#1'),
    held('c2', 2_000_000, 'c2#1'),
    { timeUs: 3_000_000, node: 'c2', kind: 'lock-belief', data: { lock: 'M', client: 'c2', session: 'c2#1', fromUs: 2_000_000, toUs: 3_000_000 } },
  ];
  detail.schedule = [{ at: 2_500_000, kind: 'crash', node: 'c1' }];
  const view = failureView(detail);
  assert.equal(view.locks.map((l) => [view.lanes[l[0]]!.label, l[1], l[2]]), [['c2 locks', 2_000_000, 3_000_000], ['c1 locks', 1_000_000, 2_500_000]]);
  assert.match(view.locks[1]![4], /c1 believes it holds M \(never let go/);
  assert.not.ok(view.markers.some((m) => m[3].startsWith('lock-held')), 'no marker for lock-held notes');
});

test('failure view: a belief nothing ended stops where the simulation stopped, as the checker ends it', () => {
  const detail = failureDetail();
  detail.notes = [{ timeUs: 1_000_000, node: 'c1', kind: 'lock-held', data: { lock: 'M', client: 'c1', session: 'c1#1', fromUs: 1_000_000, untilUs: null } }];
  detail.schedule = [];
  detail.ranUntilUs = 4_000_000;
  const view = failureView(detail);
  assert.equal(view.locks.map((l) => [l[1], l[2]]), [[1_000_000, 4_000_000]]);
  assert.ok(detail.endUs > 4_000_000, 'the time axis goes on to the planned end');
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

test('initial view: the first violation window with a margin, widened to its latest cause when that fits; the whole run without one', () => {
  const end = 20_000_000;
  const [from, to] = initialView(end, [5_000_000, 5_400_000], []);
  assert.ok(from < 5_000_000 && from > 4_500_000 && to > 5_400_000 && to < 5_800_000, `${from}..${to}`);
  // A fault 1 s before: included; one 10 s before would make the view too wide: left out.
  assert.ok(initialView(end, [5_000_000, 5_400_000], [4_000_000])[0] < 4_000_000);
  assert.ok(initialView(end, [15_000_000, 15_400_000], [4_000_000])[0] > 10_000_000);
  // Never more than OPEN_SHARE_MAX of the run, unless the violation itself is longer.
  for (const cause of [0, 1_000_000, 3_500_000]) {
    const [f, t] = initialView(end, [4_000_000, 4_100_000], [cause]);
    assert.ok(t - f <= end * OPEN_SHARE_MAX && f <= 4_000_000 && t >= 4_100_000, `${f}..${t}`);
  }
  assert.equal(initialView(end, undefined, []), [0, end]);
  // The fixture opens on its violation, not on the run.
  const view = failureView(failureDetail());
  const v = view.violations[0]!;
  assert.ok(view.initialView[0] <= v.fromUs && view.initialView[1] >= v.toUs && view.initialView[1] - view.initialView[0] < view.endUs / 5, String(view.initialView));
});

test('causes: faults in effect or just before, a partition once (not its cuts), model events only shortly before', () => {
  const bands = [
    { kind: 'partition' as const, node: null, fromUs: 1_000_000, toUs: 3_000_000, text: 'partition halves', open: false },
    { kind: 'cut' as const, node: 'n1', fromUs: 1_000_000, toUs: 3_000_000, text: 'n1 cut off from {n2}', open: false },
    { kind: 'pause' as const, node: 'c1', fromUs: 9_000_000, toUs: 9_500_000, text: 'c1 paused', open: false },
  ];
  const panels = [{ title: 'p', rows: [{ label: 'n2', segments: [], marks: [{ atUs: 100_000, label: 'started' }, { atUs: 3_800_000, label: 'leader, epoch 2' }] }] }];
  const markers = [{ kind: 'clock-jump' as const, node: 'n3', atUs: 3_900_000, text: 'clock +611 ms' }];
  const causes = causesBefore(4_000_000, 4_100_000, 40_000_000, { bands, markers }, panels).map((c) => c[1]);
  assert.equal(causes, ['at 1.000 s: partition halves (until 3.000 s)', 'at 3.800 s: n2: leader, epoch 2', 'at 3.900 s: n3 clock +611 ms']);
});

test('an anomaly lasting to the end of the run is placed where it started', () => {
  const detail = failureDetail();
  detail.run.checks = [{ checker: 'reservations', valid: false, explanation: 'left', anomalies: [{ kind: 'reservation-left', fromUs: 2_000_000, toUs: detail.endUs, nodes: ['n1'] }] }];
  const view = failureView(detail);
  assert.equal(view.violations[0]!.steps, [[2_000_000, 2_000_000]]);
  assert.ok(view.initialView[1] - view.initialView[0] < detail.endUs / 5, String(view.initialView));
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
