// The report page script. Plain browser JavaScript, inlined into the report by page.ts: no modules, no
// network. Data arrives as JSON (SuiteView in page.ts, FailureView in timeline-data.ts) and reaches the
// page only through textContent, attributes with fixed names, and canvas fillText: never as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var app = document.getElementById('app');
  var tooltip = document.getElementById('tooltip');
  var VERDICTS = ['pass', 'violation', 'unknown', 'error'];
  var OUTCOMES = ['ok', 'fail', 'info', 'open'];
  var FATES = ['delivered', 'in-flight', 'lost', 'partition', 'reset', 'down', 'stale'];
  var BAND_KINDS = ['partition', 'cut', 'crash', 'pause', 'drift', 'strobe', 'link'];
  var COLORS = {
    ok: '#2e9d5b', fail: '#d9534f', info: '#d99a1e', open: '#8a8f98', hl: '#c0186a', ink: '#1d2330', muted: '#5d6675',
    line: '#dde1e7', window: 'rgba(192,24,106,0.10)', prefix: '#2357b5',
  };
  var BAND_STYLE = {
    partition: { fill: 'rgba(111,66,193,0.18)', text: '#4b2a8f' },
    cut: { fill: 'rgba(111,66,193,0.13)', text: '#4b2a8f' },
    crash: { fill: 'rgba(40,44,52,0.30)', text: '#1d2330' },
    pause: { fill: 'rgba(217,154,30,0.25)', text: '#7a5208' },
    drift: { fill: 'rgba(35,87,181,0.12)', text: '#1c4690' },
    strobe: { fill: 'rgba(35,87,181,0.20)', text: '#1c4690' },
    link: { fill: 'rgba(23,140,140,0.18)', text: '#0c5c5c' },
  };
  var TONES = { ok: '#bfe5cd', warn: '#f6dca4', bad: '#f3b9b7', neutral: '#dfe3ea' };
  /** Marks are drawn in the saturated colour of their tone, over the pale segment colours. */
  var MARK_TONES = { ok: '#1f7a43', warn: '#b7790a', bad: '#c9302c', neutral: '#4a5260' };
  function tone(table, t) { return Object.prototype.hasOwnProperty.call(table, t) ? table[t] : table.neutral; }
  var PALETTE = ['#2357b5', '#c0186a', '#2e9d5b', '#d97706', '#6f42c1', '#0e9aa7', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  var GUTTER = 132;
  var AXIS = 22;
  var MESSAGES_DRAWN_MAX = 3000;

  // ---------- DOM helpers: text only ----------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function badge(word) { return el('span', 'badge b-' + String(word).replace(/[^a-z-]/g, ''), word); }

  // ---------- formatting ----------
  function fmtUs(us) {
    var a = Math.abs(us);
    if (a >= 1e6) return (us / 1e6).toFixed(a >= 1e8 ? 1 : 3) + ' s';
    if (a >= 1e3) return (us / 1e3).toFixed(a >= 1e5 ? 0 : 1) + ' ms';
    return Math.round(us) + ' µs';
  }
  function fmtMs(ms) { return ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : Math.round(ms) + ' ms'; }
  function niceStep(raw) {
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  function lowerBound(arr, key, value) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (key(arr[mid]) < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // ---------- suite ----------
  function renderHeader() {
    var head = el('header');
    app.textContent = '';
    add(head, el('h1', null, data.title));
    var meta = el('div', 'meta');
    var exit = el('span', 'exit-' + data.exitCode, 'exit ' + data.exitCode + ' (' +
      (data.exitCode === 0 ? 'as expected' : data.exitCode === 1 ? 'violation, or expected violation not found' : 'unknown') + ')');
    add(meta, exit, el('span', null, 'faultline ' + data.version), el('span', null, 'started ' + data.startedAt),
      el('span', null, 'took ' + fmtMs(data.wallMs)), el('span', null, data.failures.length + ' failure view(s)'));
    add(head, meta);
    var cmd = el('div', 'meta mono', '$ ' + data.command);
    add(head, cmd);
    add(app, head);
  }

  function renderScenarios() {
    var card = el('section', 'card');
    card.id = 'suite';
    add(card, el('h2', null, 'Scenarios'));
    var filter = el('label', 'hint filter');
    var box = el('input');
    box.type = 'checkbox';
    box.className = 'unexpected-only';
    add(filter, box, document.createTextNode(' unexpected only (hide scenarios and failures that went as expected)'));
    box.addEventListener('change', function () {
      document.body.classList.toggle('unexpected-only', box.checked);
    });
    add(card, filter);
    var table = el('table', 'scenarios');
    var hr = el('tr');
    ['Scenario', 'Expect', 'Seeds', 'Pass', 'Violation', 'Unknown', 'Error', 'Status', 'Deciding seed', 'Time'].forEach(function (h) { add(hr, el('th', null, h)); });
    add(table, add(el('thead'), hr));
    var body = el('tbody');
    var runsByScenario = data.scenarios.map(function () { return []; });
    data.runs.forEach(function (r) { if (runsByScenario[r[0]]) runsByScenario[r[0]].push(r); });
    data.scenarios.forEach(function (s, i) {
      var tr = el('tr');
      tr.setAttribute('data-scenario', s.scenario);
      tr.setAttribute('data-as-expected', s.status === 'as-expected' ? '1' : '0');
      var name = el('td');
      add(name, el('strong', null, s.scenario), el('div', 'hint', s.description));
      var runs = runsByScenario[i];
      if (runs.length > 0) {
        var det = el('details');
        add(det, el('summary', 'hint', 'seeds (' + runs.length + ')'));
        var chips = el('div', 'chips');
        runs.slice(0, 400).forEach(function (r) {
          var v = VERDICTS[r[2]] || 'error';
          var chip = el('span', 'chip v-' + v + ' expected-' + s.expect, String(r[1]));
          chip.title = 'seed ' + r[1] + ': ' + v + ' (expected ' + s.expect + '), ' + r[3] + ' ms' + (r[4] ? '\n' + r[4] : '');
          add(chips, chip);
        });
        if (runs.length > 400) add(chips, el('span', 'hint', '… ' + (runs.length - 400) + ' more'));
        add(name, add(det, chips));
      }
      add(tr, name, add(el('td'), badge(s.expect)), el('td', 'num', s.seedsRun), el('td', 'num', s.verdicts.pass),
        el('td', 'num', s.verdicts.violation), el('td', 'num', s.verdicts.unknown), el('td', 'num', s.verdicts.error),
        add(el('td'), badge(s.status)), el('td', 'num', s.decidingSeed === undefined ? '' : s.decidingSeed), el('td', 'num', fmtMs(s.wallMs)));
      add(body, tr);
    });
    add(card, add(table, body));
    if (data.coverage.length > 0) {
      add(card, el('h3', null, 'Coverage goals'));
      var ct = el('table', 'coverage');
      var chr = el('tr');
      ['Goal', 'Count', 'At least', 'Met'].forEach(function (h) { add(chr, el('th', null, h)); });
      add(ct, add(el('thead'), chr));
      var cb = el('tbody');
      data.coverage.forEach(function (g) {
        add(cb, add(el('tr'), el('td', 'mono', g.goal), el('td', 'num', g.count), el('td', 'num', g.atLeast), add(el('td'), badge(g.met ? 'met' : 'unmet'))));
      });
      add(card, add(ct, cb));
    }
    if (data.failures.length > 0) {
      add(card, el('h3', null, 'Failures'));
      var list = el('ol');
      data.failures.forEach(function (f, i) {
        var li = el('li');
        li.setAttribute('data-as-expected', f.verdict === f.expected ? '1' : '0');
        var a = el('a', null, f.scenario + ' seed ' + f.seed + ': ' + f.verdict + ' (expected ' + f.expected + ')');
        a.href = '#failure-' + i;
        var line = f.violations[0] ? f.violations[0].checker + ': ' + f.violations[0].explanation : (f.error || '').split('\n')[0];
        a.addEventListener('click', function () {
          var target = document.getElementById('failure-' + i);
          var t = target && target.querySelector('.toggle-failure');
          if (target && target.classList.contains('collapsed') && t) t.click();
        });
        add(li, a, el('div', 'hint', line), add(el('div', 'replay'), el('code', 'replay-command', f.replayCommand), copyButton(f.replayCommand)));
        add(list, li);
      });
      add(card, list);
    }
    add(app, card);
  }

  function copyButton(text) {
    var b = el('button', 'copy', 'Copy');
    b.type = 'button';
    b.addEventListener('click', function () {
      var done = function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 1200); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
      function fallback() {
        var ta = el('textarea');
        ta.value = text;
        document.body.appendChild(ta);
        ta.select();
        try { document.execCommand('copy'); done(); } catch (e) { b.textContent = 'Select and copy'; }
        ta.remove();
      }
    });
    return b;
  }

  // ---------- failure view ----------
  function renderFailure(f, index) {
    var card = el('section', 'card failure');
    card.id = 'failure-' + index;
    card.setAttribute('data-end-us', String(f.endUs));
    card.setAttribute('data-scenario', f.scenario);
    add(card, el('h2', null, f.scenario + ' · seed ' + f.seed + ' · ' + f.verdict + ' (expected ' + f.expected + ')'));
    // A failure the scenario expected (a documented-unsafe configuration) starts collapsed to one line.
    var asExpected = f.verdict === f.expected;
    card.setAttribute('data-as-expected', asExpected ? '1' : '0');
    var summary = el('div', 'failure-summary');
    var toggle = el('button', 'toggle-failure', asExpected ? 'Show details' : 'Hide details');
    toggle.type = 'button';
    add(summary, el('span', 'hint', (asExpected ? 'As expected. ' : '') + (f.violations[0] ? f.violations[0].story[0] : (f.error || '').split('\n')[0]) + ' '), toggle);
    add(card, summary);
    if (asExpected) card.classList.add('collapsed');
    if (f.violations.length > 0) add(card, el('h3', null, 'What happened'));
    f.violations.forEach(function (v, vi) {
      var box = el('div', 'violation');
      add(box, el('div', 'hint', 'checker ' + v.checker + ' found a violation'), el('div', 'explanation violation-explanation', v.explanation));
      var story = el('div', 'story');
      v.story.forEach(function (line) { add(story, el('p', null, line)); });
      add(box, story);
      if (v.anomalies.length > 1 || (v.anomalies[0] && v.anomalies[0].rows)) {
        var det = el('details', 'anomalies');
        if (vi === 0) det.open = v.anomalies.length <= 3;
        add(det, el('summary', 'hint', (v.anomalies.length + v.moreAnomalies) + ' anomal' + (v.anomalies.length + v.moreAnomalies === 1 ? 'y' : 'ies')));
        var ul = el('ul');
        v.anomalies.forEach(function (a) {
          var li = add(el('li'), document.createTextNode(a.text));
          if (a.rows) {
            var t = el('table', 'fields');
            a.rows.forEach(function (r) { add(t, add(el('tr'), el('th', null, r[0]), el('td', 'mono', r[1]))); });
            add(li, t);
          }
          add(ul, li);
        });
        if (v.moreAnomalies > 0) add(ul, el('li', 'hint', '… and ' + v.moreAnomalies + ' more'));
        add(box, add(det, ul));
      }
      if (v.linearization) add(box, linearizationTable(v.linearization));
      add(card, box);
    });
    if (f.error) add(card, add(el('div', 'violation'), el('div', 'explanation', 'The run failed with an error'), el('pre', null, f.error)));
    var others = f.checks.filter(function (c) { return c.valid !== 'false'; });
    if (others.length > 0) {
      var ul = el('ul', 'hint');
      others.forEach(function (c) { add(ul, add(el('li'), badge(c.valid === 'true' ? 'pass' : c.valid), document.createTextNode(' ' + c.checker + ': ' + c.explanation))); });
      add(card, ul);
    }
    add(card, el('h3', null, 'Replay'), add(el('div', 'replay'), el('code', 'replay-command', f.replayCommand), copyButton(f.replayCommand)));
    add(card, el('h3', null, 'Shrunk fault schedule (' + f.schedule.length + ' fault' + (f.schedule.length === 1 ? '' : 's') + ')'));
    if (f.schedule.length === 0) add(card, el('p', 'hint', 'No faults: the bug shows without any.'));
    else {
      var ol = el('ol', 'schedule');
      f.schedule.forEach(function (line) { add(ol, el('li', null, line)); });
      add(card, ol);
    }
    add(card, el('h3', null, 'Timeline'));
    var view = createView(f, card);
    view.addPanel(overviewPanel(f, view), card);
    add(card, el('div', 'panel-title', 'Operations, faults and locks (a lane per client; drag to pan, wheel to zoom)'));
    view.legend = legend();
    add(card, view.legend.element);
    view.addPanel(timelinePanel(f, view), card);
    if (f.ops.length > 0) {
      add(card, el('div', 'panel-title', 'Latency (log scale) of each operation at its invoke, by kind and outcome, and completions per second (line); fault bands shaded'));
      var lp = latencyPanel(f, view);
      add(card, lp.legend);
      view.addPanel(lp, card);
    }
    var clockFault = f.bands.some(function (b) { var k = BAND_KINDS[b[3]]; return k === 'drift' || k === 'strobe'; }) ||
      f.markers.some(function (m) { return m[2] === 'jump'; });
    if (clockFault) {
      add(card, el('div', 'panel-title', 'Clocks: local wall clock minus true time (solid), monotonic drift (dashed), ms'));
      view.addPanel(clockPanel(f, view), card);
    } else add(card, el('p', 'hint no-clock-fault', 'No clock fault in this run: every clock kept true time, so the clock panel is left out.'));
    add(card, el('div', 'panel-title', 'Message flow (arrows sender → receiver; red × = dropped)' + (f.messagesDropped > 0 ? ' — ' + f.messagesDropped + ' messages far from the violation omitted' : '')));
    var mp = messagePanel(f, view);
    view.addPanel(mp, card);
    add(card, mp.note);
    add(card, el('div', 'panel-title', 'Model panels'));
    if (f.panels.length === 0) add(card, el('p', 'hint', 'This model contributes no panels.'));
    f.panels.forEach(function (p) {
      add(card, el('div', 'panel-title', p.title));
      view.addPanel(modelPanel(p, view), card);
    });
    add(app, card);
    toggle.addEventListener('click', function () {
      var collapsed = card.classList.toggle('collapsed');
      toggle.textContent = collapsed ? 'Show details' : 'Hide details';
      view.redraw();
    });
    return view;
  }

  // What the timeline and message flow can draw, in legend order: [key, swatch class, words].
  var LEGEND = [
    ['ok', 'sw-ok', 'ok'], ['fail', 'sw-fail', 'fail'], ['info', 'sw-info', 'info: indeterminate (dashed tail: may still take effect)'],
    ['open', 'sw-open', 'never completed'], ['violating', 'sw-hl', 'operation in the violation'], ['reference', 'sw-ref', 'operation it refers to (a final read)'],
    ['prefix', 'sw-prefix', 'longest linearizable prefix (underline)'], ['window', 'sw-window', 'violation window (dashed: the other steps)'],
    ['partition', 'sw-partition', 'partition'], ['cut', 'sw-partition', 'cut off'], ['crash', 'sw-crash', 'crashed (hatched)'],
    ['pause', 'sw-pause', 'paused'], ['drift', 'sw-drift', 'clock drift'], ['strobe', 'sw-strobe', 'clock strobe'], ['link', 'sw-link', 'flaky link'],
    ['jump', 'sw-jump', 'clock jump'], ['note', 'sw-note', 'model note (diamond; hover it)'], ['belief', 'sw-belief', 'lock held or believed held'],
    ['expired', 'sw-expired', 'believed held past its true validity'], ['msg', 'sw-msg', 'message sender → receiver'],
    ['msg-lost', 'sw-lost', 'message dropped (×)'], ['msg-sent', 'sw-msg', 'messages sent (aggregated)'], ['msg-dropped', 'sw-lost', 'messages dropped (aggregated)'],
  ];
  /** A legend of only what was drawn in the last frame, rebuilt when that changes. */
  /** Porcupine's partial linearization: the steps that worked with the state after each, then where it got stuck. */
  function linearizationTable(lin) {
    var det = el('details', 'linearization');
    det.open = true;
    add(det, el('summary', null, 'Longest partial linearization (' + (lin.earlier + lin.steps.length) + ' operations, from ' + lin.start + ')'));
    var t = el('table', 'fields linearization-steps');
    add(t, add(el('tr'), el('th', null, '#'), el('th', null, 'linearized operation'), el('th', null, 'state after')));
    if (lin.earlier > 0) add(t, add(el('tr'), el('td', 'hint', '…'), el('td', 'hint', lin.earlier + ' earlier operations'), el('td')));
    lin.steps.forEach(function (s) { add(t, add(el('tr'), el('td', 'num', s[0]), el('td', 'mono', s[1]), el('td', 'mono', s[2]))); });
    add(det, t);
    if (lin.stuck) add(det, add(el('p', 'stuck'), el('strong', null, 'Cannot be placed: '), document.createTextNode(lin.stuck + ' (it returned first among the operations left, so it must come next or earlier)')));
    if (lin.candidates.length > 0) {
      add(det, el('div', 'hint', 'Candidates tried next (those real time allows):'));
      var ct = el('table', 'fields linearization-candidates');
      lin.candidates.forEach(function (c) { add(ct, add(el('tr'), el('td', 'mono', c[0]), el('td', null, c[1]))); });
      add(det, ct);
    }
    return det;
  }

  function legend() {
    var lg = { element: el('div', 'legend'), used: {}, shown: '' };
    lg.use = function (key) { lg.used[key] = true; };
    lg.reset = function () { lg.used = {}; };
    lg.render = function () {
      var items = LEGEND.filter(function (it) { return lg.used[it[0]]; });
      var keys = items.map(function (it) { return it[0]; }).join(',');
      if (keys === lg.shown) return;
      lg.shown = keys;
      lg.element.textContent = '';
      lg.element.setAttribute('data-keys', keys);
      items.forEach(function (it) { add(lg.element, add(el('span'), el('i', it[1]), document.createTextNode(it[2]))); });
    };
    return lg;
  }

  // ---------- shared view: one time range for every panel of a failure ----------
  function createView(f, card) {
    var endUs = Math.max(1, f.endUs);
    var panels = [];
    var view = { from: 0, to: endUs, endUs: endUs, panels: panels, pending: false, card: card };
    // Every anomaly window of every failing checker, in checker order; "Violation" walks them.
    var steps = [];
    f.violations.forEach(function (v, vi) { v.steps.forEach(function (st) { steps.push({ v: vi, from: st[0], to: st[1] }); }); });
    view.steps = steps;
    view.step = 0;
    var v0 = steps.length > 0;
    function markStep() {
      var st = steps[view.step];
      if (!st) return;
      card.setAttribute('data-violation-from', String(Math.round(st.from)));
      card.setAttribute('data-violation-to', String(Math.round(st.to)));
      card.setAttribute('data-violation-step', String(view.step));
      if (stepBtn) stepBtn.textContent = 'Violation ' + (view.step + 1) + '/' + steps.length + (steps.length > 1 ? ' ▸' : '');
    }
    var focus = function () {
      var st = steps[view.step];
      if (!st) return setRange(0, endUs);
      var span = Math.max(st.to - st.from, endUs / 200, 10);
      setRange(st.from - span * 0.5, st.to + span * 0.5);
      markStep();
    };
    var focused = false;
    var next = function () {
      if (steps.length === 0) return;
      if (focused) view.step = (view.step + 1) % steps.length;
      focused = true;
      focus();
    };
    function setRange(from, to) {
      var span = Math.min(endUs, Math.max(10, to - from));
      from = Math.max(0, Math.min(from, endUs - span));
      view.from = from;
      view.to = from + span;
      card.setAttribute('data-view-from', String(Math.round(view.from)));
      card.setAttribute('data-view-to', String(Math.round(view.to)));
      range.textContent = fmtUs(view.from) + ' – ' + fmtUs(view.to) + ' of ' + fmtUs(endUs);
      schedule();
    }
    function schedule() {
      if (view.pending) return;
      view.pending = true;
      requestAnimationFrame(function () {
        view.pending = false;
        if (view.legend) view.legend.reset();
        panels.forEach(function (p) { p.draw(); });
        if (view.legend) view.legend.render();
      });
    }
    view.setRange = setRange;
    view.redraw = schedule;
    view.zoom = function (factor, atUs) {
      var at = atUs === undefined ? (view.from + view.to) / 2 : atUs;
      setRange(at - (at - view.from) * factor, at + (view.to - at) * factor);
    };
    view.x = function (us, width) { return GUTTER + (us - view.from) / (view.to - view.from) * (width - GUTTER); };
    view.us = function (x, width) { return view.from + (x - GUTTER) / (width - GUTTER) * (view.to - view.from); };
    var bar = el('div', 'toolbar');
    var btn = function (label, cls, fn) { var b = el('button', cls, label); b.type = 'button'; b.addEventListener('click', fn); return b; };
    var range = el('span', 'range');
    add(bar, btn('−', 'zoom-out', function () { view.zoom(2); }), btn('+', 'zoom-in', function () { view.zoom(0.5); }),
      btn('◀', 'pan-left', function () { var s = view.to - view.from; setRange(view.from - s / 3, view.to - s / 3); }),
      btn('▶', 'pan-right', function () { var s = view.to - view.from; setRange(view.from + s / 3, view.to + s / 3); }),
      v0 ? btn('Violation', 'focus-violation', next) : null, btn('Whole run', 'whole-run', function () { setRange(0, endUs); }), range);
    var stepBtn = bar.querySelector('.focus-violation');
    add(card, bar);
    markStep();
    view.addPanel = function (panel, parent) {
      var wrap = el('div', 'panel');
      add(wrap, panel.canvas);
      add(parent, wrap);
      panels.push(panel);
      attachInteractions(view, panel);
    };
    view.focus = focus;
    // The range the report opens on (timeline-data.ts, initialView): 0 to the last violating op or panel mark.
    view.openInitial = function () {
      var iv = f.initialView;
      if (iv && isFinite(iv[0]) && isFinite(iv[1]) && iv[1] > iv[0]) setRange(iv[0], iv[1]); else focus();
      markStep();
    };
    return view;
  }

  function attachInteractions(view, panel) {
    var c = panel.canvas;
    c.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = c.getBoundingClientRect();
      var x = e.clientX - r.left;
      var at = x > GUTTER && !panel.jump ? view.us(x, r.width) : undefined;
      view.zoom(e.deltaY > 0 ? 1.25 : 0.8, at);
    }, { passive: false });
    var drag = null;
    if (panel.jump) {
      var jumping = false;
      var go = function (e) { var r = c.getBoundingClientRect(); if (e.clientX - r.left > GUTTER) panel.jump(e.clientX - r.left, r.width); };
      c.addEventListener('pointerdown', function (e) { jumping = true; c.setPointerCapture(e.pointerId); go(e); });
      c.addEventListener('pointermove', function (e) { if (jumping) go(e); else { var tip = panel.hit(); showTip(tip, e.clientX, e.clientY); } });
      c.addEventListener('pointerup', function () { jumping = false; });
      c.addEventListener('pointerleave', hideTip);
      return;
    }
    c.addEventListener('pointerdown', function (e) {
      drag = { x: e.clientX, y: e.clientY, from: view.from, to: view.to, scroll: panel.scrollY || 0 };
      c.setPointerCapture(e.pointerId);
      c.classList.add('dragging');
      hideTip();
    });
    c.addEventListener('pointermove', function (e) {
      var r = c.getBoundingClientRect();
      if (drag) {
        var usPerPx = (drag.to - drag.from) / (r.width - GUTTER);
        var dx = e.clientX - drag.x;
        view.setRange(drag.from - dx * usPerPx, drag.to - dx * usPerPx);
        if (panel.scrollBy) panel.scrollBy(drag.scroll - (e.clientY - drag.y));
        return;
      }
      var tip = panel.hit ? panel.hit(e.clientX - r.left, e.clientY - r.top, r.width) : null;
      if (tip) showTip(tip, e.clientX, e.clientY); else hideTip();
    });
    var end = function () { drag = null; c.classList.remove('dragging'); };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('pointerleave', hideTip);
  }

  function showTip(text, x, y) {
    tooltip.textContent = text;
    tooltip.style.display = 'block';
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    tooltip.style.left = Math.min(x + 14, window.innerWidth - w - 8) + 'px';
    tooltip.style.top = (y + 16 + h > window.innerHeight ? y - h - 10 : y + 16) + 'px';
  }
  function hideTip() { tooltip.style.display = 'none'; }

  // ---------- canvas helpers ----------
  function makeCanvas(cls, height) {
    var c = el('canvas', cls);
    c.style.height = height + 'px';
    return c;
  }
  function prepare(canvas, height) {
    var width = canvas.clientWidth || canvas.parentNode.clientWidth || 1000;
    var dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = height + 'px';
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // Every label drawn this frame, as boxes in CSS pixels: a label that would overlap one is not drawn.
    ctx.labels = [];
    canvas.labelBoxes = ctx.labels;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    return { ctx: ctx, width: width, height: height };
  }
  function drawAxis(g, view) {
    var ctx = g.ctx;
    var span = view.to - view.from;
    var step = niceStep(span / Math.max(2, (g.width - GUTTER) / 110));
    ctx.fillStyle = '#f3f5f8';
    ctx.fillRect(GUTTER, 0, g.width - GUTTER, AXIS);
    ctx.strokeStyle = '#eceff3';
    ctx.fillStyle = COLORS.muted;
    ctx.lineWidth = 1;
    for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      var x = Math.round(view.x(t, g.width)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, AXIS - 5); ctx.lineTo(x, g.height); ctx.stroke();
      clipText(ctx, fmtUs(t), x + 3, AXIS / 2);
    }
  }
  // The anomaly windows: the current step tinted and outlined, the others outlined faintly.
  function drawWindow(g, view, f) {
    (view.steps || []).forEach(function (st, i) {
      var x0 = view.x(st.from, g.width), x1 = Math.max(view.x(st.to, g.width), x0 + 2);
      if (x1 < GUTTER || x0 > g.width) return;
      var current = i === view.step;
      g.ctx.fillStyle = current ? COLORS.window : 'rgba(192,24,106,0.04)';
      g.ctx.fillRect(Math.max(GUTTER, x0), AXIS, Math.min(g.width, x1) - Math.max(GUTTER, x0) + 1, g.height - AXIS);
      g.ctx.strokeStyle = current ? COLORS.hl : 'rgba(192,24,106,0.35)';
      g.ctx.setLineDash([4, 3]);
      g.ctx.strokeRect(Math.max(GUTTER, x0) + 0.5, AXIS + 0.5, Math.min(g.width, x1) - Math.max(GUTTER, x0), g.height - AXIS - 1);
      g.ctx.setLineDash([]);
      if (view.legend) view.legend.use('window');
    });
  }
  function gutter(g, labels, y0, laneH, offset) {
    var ctx = g.ctx;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, GUTTER, g.height);
    ctx.strokeStyle = COLORS.line;
    ctx.beginPath(); ctx.moveTo(GUTTER - 0.5, 0); ctx.lineTo(GUTTER - 0.5, g.height); ctx.stroke();
    labels.forEach(function (l, i) {
      var y = y0 + (offset ? offset[i] : i * laneH) + laneH / 2;
      if (y < AXIS || y > g.height) return;
      ctx.fillStyle = l.color || COLORS.ink;
      ctx.font = (l.bold ? '600 ' : '') + '11px system-ui, sans-serif';
      clipText(ctx, l.text, 8, y, GUTTER - 12);
    });
    ctx.font = '11px system-ui, sans-serif';
  }
  /** Draws a label cut to maxW unless it would overlap a label already drawn on this canvas; returns its width or 0. */
  function clipText(ctx, text, x, y, maxW) {
    if (maxW === undefined) maxW = 1e9;
    if (maxW < 8) return 0;
    var shown = text;
    if (ctx.measureText(text).width > maxW) {
      var lo = 0, hi = text.length;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ctx.measureText(text.slice(0, mid) + '…').width <= maxW) lo = mid; else hi = mid - 1; }
      if (lo === 0) return 0;
      shown = text.slice(0, lo) + '…';
    }
    var w = ctx.measureText(shown).width;
    var box = { x: x, y: y - 6, w: w, h: 12 };
    var boxes = ctx.labels || [];
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h) return 0;
    }
    boxes.push(box);
    ctx.fillText(shown, x, y);
    return w;
  }

  // ---------- timeline: lanes of ops, fault bands, locks, markers ----------
  function timelinePanel(f, view) {
    var LANE = { network: 22, server: 24, client: 24, lock: 18 };
    var tops = [], total = AXIS;
    f.lanes.forEach(function (l) { tops.push(total); total += LANE[l.kind]; });
    var maxH = 560;
    var height = Math.min(total + 4, maxH);
    var canvas = makeCanvas('timeline', height);
    var laneBars = f.lanes.map(function () { return []; });
    var laneMaxDur = f.lanes.map(function () { return 0; });
    f.ops.forEach(function (o, i) { laneBars[o[0]].push(i); laneMaxDur[o[0]] = Math.max(laneMaxDur[o[0]], o[2] - o[1]); });
    var strong = {}, weak = {}, prefix = {};
    f.violations.forEach(function (v) {
      v.ops.forEach(function (b) { strong[b] = true; });
      v.window.forEach(function (b) { weak[b] = true; });
      // Position in the longest linearization: the bar's label starts with it (Porcupine's linearization order).
      v.prefix.forEach(function (b, k) { if (!prefix[b]) prefix[b] = k + 1; });
    });
    var panel = { canvas: canvas, scrollY: 0 };
    panel.scrollBy = function (y) {
      panel.scrollY = Math.max(0, Math.min(total + 4 - height, y));
      view.redraw();
    };
    function laneY(i) { return tops[i] - panel.scrollY; }
    function visibleLanes() {
      var out = [];
      for (var i = 0; i < f.lanes.length; i++) {
        var y = laneY(i);
        if (y + LANE[f.lanes[i].kind] >= AXIS && y <= height) out.push(i);
      }
      return out;
    }
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      var lanes = visibleLanes();
      var drawn = 0;
      lanes.forEach(function (i) {
        var y = laneY(i);
        ctx.fillStyle = f.lanes[i].kind === 'lock' ? '#f4f7fd' : (i % 2 ? '#fafbfc' : '#fff');
        ctx.fillRect(GUTTER, y, W - GUTTER, LANE[f.lanes[i].kind]);
      });
      drawAxis(g, view);
      drawWindow(g, view, f);
      var inLane = {};
      lanes.forEach(function (i) { inLane[i] = true; });
      // Fault bands; a label that would overlap an earlier one on the same lane moves right past it.
      var textEnd = {};
      f.bands.forEach(function (b) {
        if (!inLane[b[0]] || b[2] < view.from || b[1] > view.to) return;
        var kind = BAND_KINDS[b[3]], st = BAND_STYLE[kind];
        var y = laneY(b[0]), h = LANE[f.lanes[b[0]].kind];
        view.legend.use(kind);
        var x0 = Math.max(GUTTER, view.x(b[1], W)), x1 = Math.min(W, view.x(b[2], W));
        ctx.fillStyle = st.fill;
        ctx.fillRect(x0, y + 1, Math.max(2, x1 - x0), h - 2);
        if (kind === 'crash') hatch(ctx, x0, y + 1, Math.max(2, x1 - x0), h - 2, 'rgba(0,0,0,0.25)');
        ctx.fillStyle = st.text;
        var tx = Math.max(x0 + 4, (textEnd[b[0]] || 0) + 12);
        // On a client lane the operation bars would run through the words: the band says it by colour and tooltip.
        if (x1 - tx > 24 && !(f.lanes[b[0]].kind === 'client' && laneBars[b[0]].length > 0)) {
          var bw = clipText(ctx, b[4], tx, y + h / 2, x1 - tx - 4);
          if (bw > 0) textEnd[b[0]] = tx + bw;
        }
      });
      // Lock intervals.
      f.locks.forEach(function (l) {
        if (!inLane[l[0]] || l[2] < view.from || l[1] > view.to) return;
        var y = laneY(l[0]) + 3, h = LANE.lock - 6;
        var x0 = Math.max(GUTTER, view.x(l[1], W)), x1 = Math.min(W, view.x(l[2], W));
        ctx.fillStyle = '#5b8def';
        ctx.fillRect(x0, y, Math.max(2, x1 - x0), h);
        view.legend.use('belief');
        if (l[3] >= 0 && l[3] < l[2]) {
          view.legend.use('expired');
          var xe = Math.max(x0, view.x(l[3], W));
          ctx.fillStyle = '#e4572e';
          ctx.fillRect(xe, y, Math.max(2, x1 - xe), h);
          hatch(ctx, xe, y, Math.max(2, x1 - xe), h, 'rgba(255,255,255,0.5)');
          ctx.fillStyle = COLORS.ink;
          ctx.fillRect(Math.round(xe) - 1, y - 3, 2, h + 6);
        }
        ctx.fillStyle = '#fff';
        clipText(ctx, l[4], x0 + 3, y + h / 2, x1 - x0 - 6);
      });
      // Operation bars, culled to the visible range by binary search on start times.
      lanes.forEach(function (i) {
        var list = laneBars[i];
        if (list.length === 0) return;
        var y = laneY(i) + 4, h = LANE[f.lanes[i].kind] - 8;
        var start = lowerBound(list, function (b) { return f.ops[b][1]; }, view.from - laneMaxDur[i]);
        var lastX = -1;
        for (var k = start; k < list.length; k++) {
          var id = list[k], o = f.ops[id];
          if (o[1] > view.to) break;
          if (o[2] < view.from) continue;
          var x0 = view.x(o[1], W), x1 = view.x(o[2], W);
          var w = Math.max(1, x1 - x0);
          // Bars thinner than a pixel that land on the same pixel are drawn once.
          if (w < 1.5 && Math.round(x0) === lastX && !strong[id]) continue;
          lastX = Math.round(x0);
          drawn++;
          var color = COLORS[OUTCOMES[o[3]]];
          view.legend.use(OUTCOMES[o[3]]);
          ctx.fillStyle = color;
          if (o[3] >= 2) {
            ctx.globalAlpha = 0.75;
            ctx.fillRect(x0, y, w, h);
            ctx.globalAlpha = 1;
            ctx.strokeStyle = color;
            ctx.setLineDash([3, 3]);
            ctx.beginPath(); ctx.moveTo(x1, y + h / 2); ctx.lineTo(Math.min(W, view.x(f.endUs, W)), y + h / 2); ctx.stroke();
            ctx.setLineDash([]);
          } else ctx.fillRect(x0, y, w, h);
          if (strong[id] || weak[id]) {
            view.legend.use(strong[id] ? 'violating' : 'reference');
            ctx.strokeStyle = strong[id] ? COLORS.hl : 'rgba(192,24,106,0.55)';
            ctx.lineWidth = strong[id] ? 2.5 : 1;
            ctx.strokeRect(x0 - 1, y - 1, w + 2, h + 2);
            ctx.lineWidth = 1;
          }
          if (prefix[id]) { ctx.fillStyle = COLORS.prefix; ctx.fillRect(x0, y + h - 2, w, 2); view.legend.use('prefix'); }
          if (w > 30) { ctx.fillStyle = '#fff'; clipText(ctx, (prefix[id] ? prefix[id] + '. ' : '') + o[7], x0 + 3, y + h / 2, w - 6); }
        }
      });
      // Markers: clock jumps (lines) and notes (diamonds).
      f.markers.forEach(function (m) {
        if (!inLane[m[0]] || m[1] < view.from || m[1] > view.to) return;
        var x = view.x(m[1], W), y = laneY(m[0]), h = LANE[f.lanes[m[0]].kind];
        view.legend.use(m[2]);
        if (m[2] === 'jump') {
          ctx.fillStyle = '#d97706';
          ctx.fillRect(Math.round(x) - 1, y, 3, h);
          ctx.fillStyle = '#7a4a04';
          ctx.font = '600 11px system-ui, sans-serif';
          clipText(ctx, m[3], x + 4, y + h / 2, 220);
          ctx.font = '11px system-ui, sans-serif';
        } else {
          ctx.fillStyle = '#6f42c1';
          ctx.beginPath(); ctx.moveTo(x, y + 4); ctx.lineTo(x + 4, y + h / 2); ctx.lineTo(x, y + h - 4); ctx.lineTo(x - 4, y + h / 2); ctx.fill();
        }
      });
      gutter(g, lanes.map(function (i) {
        var l = f.lanes[i];
        return { text: l.label, bold: l.kind !== 'lock', color: l.kind === 'lock' ? '#2357b5' : l.kind === 'network' ? '#4b2a8f' : COLORS.ink };
      }), 0, 0, lanes.map(function (i) { return laneY(i) + LANE[f.lanes[i].kind] / 2; }));
      ctx.fillStyle = COLORS.muted;
      clipText(ctx, 'true time →', 8, AXIS / 2, GUTTER - 12);
      if (total + 4 > height) {
        ctx.fillStyle = 'rgba(0,0,0,0.25)';
        var sh = height * height / (total + 4);
        ctx.fillRect(W - 5, AXIS + panel.scrollY / (total + 4 - height) * (height - AXIS - sh), 4, sh);
      }
      canvas.setAttribute('data-drawn-ops', String(drawn));
    };
    panel.hit = function (x, y, W) {
      if (x < GUTTER || y < AXIS) return null;
      var lane = -1;
      for (var i = 0; i < f.lanes.length; i++) { var ly = laneY(i); if (y >= ly && y < ly + LANE[f.lanes[i].kind]) { lane = i; break; } }
      if (lane < 0) return null;
      var t = view.us(x, W), slop = 3 * (view.to - view.from) / (W - GUTTER);
      var lines = [];
      var list = laneBars[lane];
      var start = lowerBound(list, function (b) { return f.ops[b][1]; }, t - laneMaxDur[lane] - slop);
      for (var k = start; k < list.length && lines.length < 3; k++) {
        var o = f.ops[list[k]];
        if (o[1] > t + slop) break;
        if (o[2] + slop < t) continue;
        lines.push(f.lanes[o[0]].label + ' · op #' + o[4] + (o[5] >= 0 ? '..#' + o[5] : '') + ' (process ' + o[6] + ') · ' + OUTCOMES[o[3]] +
          (strong[list[k]] ? ' · IN VIOLATION' : '') + (prefix[list[k]] ? ' · linearized #' + prefix[list[k]] : '') + '\n' + o[7] + '\n' + fmtUs(o[1]) + ' → ' + (o[5] >= 0 ? fmtUs(o[2]) + ' (' + fmtUs(o[2] - o[1]) + ')' : 'never'));
      }
      f.locks.forEach(function (l) {
        if (l[0] === lane && t >= l[1] - slop && t <= l[2] + slop) {
          lines.push(l[4] + '\n' + fmtUs(l[1]) + ' → ' + fmtUs(l[2]) + (l[3] >= 0 ? '\ntruly valid until ' + fmtUs(l[3]) + (l[3] < l[2] ? ' (believed ' + fmtUs(l[2] - l[3]) + ' too long)' : '') : ''));
        }
      });
      f.markers.forEach(function (m) { if (m[0] === lane && Math.abs(m[1] - t) <= slop * 2) lines.push(fmtUs(m[1]) + ': ' + m[3]); });
      f.bands.forEach(function (b) { if (b[0] === lane && t >= b[1] && t <= b[2]) lines.push(fmtUs(b[1]) + ' → ' + fmtUs(b[2]) + ': ' + b[4]); });
      return lines.length > 0 ? lines.join('\n\n') : null;
    };
    return panel;
  }

  function hatch(ctx, x, y, w, h, color) {
    ctx.save();
    ctx.beginPath(); ctx.rect(x, y, w, h); ctx.clip();
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (var s = x - h; s < x + w; s += 6) { ctx.moveTo(s, y + h); ctx.lineTo(s + h, y); }
    ctx.stroke();
    ctx.restore();
  }

  // ---------- overview: the whole run at a glance, the range in view outlined; click or drag to move ----------
  function overviewPanel(f, view) {
    var height = 34;
    var canvas = makeCanvas('overview', height);
    var BIN = 3;
    var panel = { canvas: canvas, fixed: true };
    function xOf(us, W) { return GUTTER + us / view.endUs * (W - GUTTER); }
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      ctx.fillStyle = '#f3f5f8';
      ctx.fillRect(GUTTER, 0, W - GUTTER, height);
      f.bands.forEach(function (b) {
        var st = BAND_STYLE[BAND_KINDS[b[3]]];
        ctx.fillStyle = st.fill;
        ctx.fillRect(xOf(b[1], W), 2, Math.max(1, xOf(b[2], W) - xOf(b[1], W)), height - 4);
      });
      var bins = Math.ceil((W - GUTTER) / BIN), counts = new Array(bins).fill(0), bad = new Array(bins).fill(0), peak = 1;
      f.ops.forEach(function (o) {
        var b = Math.floor((xOf(o[1], W) - GUTTER) / BIN);
        if (b < 0 || b >= bins) return;
        counts[b]++;
        if (o[3] !== 0) bad[b]++;
        peak = Math.max(peak, counts[b]);
      });
      counts.forEach(function (c, b) {
        if (c === 0) return;
        var h = (height - 8) * c / peak;
        ctx.fillStyle = bad[b] * 2 > c ? COLORS.info : '#8fb8a0';
        ctx.fillRect(GUTTER + b * BIN, height - 4 - h, BIN - 1, h);
      });
      (view.steps || []).forEach(function (st, i) {
        ctx.fillStyle = i === view.step ? COLORS.hl : 'rgba(192,24,106,0.45)';
        var x0 = xOf(st.from, W);
        ctx.fillRect(x0, 0, Math.max(2, xOf(st.to, W) - x0), 4);
      });
      var vx0 = xOf(view.from, W), vx1 = xOf(view.to, W);
      ctx.strokeStyle = COLORS.ink;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(vx0 + 0.5, 1, Math.max(3, vx1 - vx0), height - 2);
      ctx.lineWidth = 1;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, GUTTER, height);
      ctx.fillStyle = COLORS.ink;
      ctx.font = '600 11px system-ui, sans-serif';
      clipText(ctx, 'whole run', 8, height / 2, GUTTER - 12);
      ctx.font = '11px system-ui, sans-serif';
    };
    panel.hit = function () { return 'the whole run: bars are operations started (amber: mostly not ok), bands are faults, pink ticks the violation windows; click to move the view there'; };
    // Click (or drag) centres the view on that instant, keeping its span.
    panel.jump = function (x, W) {
      var at = (x - GUTTER) / (W - GUTTER) * view.endUs, span = view.to - view.from;
      view.setRange(at - span / 2, at + span / 2);
    };
    return panel;
  }

  // ---------- latency and throughput (Jepsen's latency-raw and rate plots) ----------
  var SHAPES = ['circle', 'square', 'triangle', 'diamond'];
  function latencyPanel(f, view) {
    var height = 170;
    var canvas = makeCanvas('latency', height);
    var kinds = [];
    f.ops.forEach(function (o) { var k = o[7].split(/[ \[(]/)[0]; if (kinds.indexOf(k) < 0) kinds.push(k); });
    var kindOf = f.ops.map(function (o) { return kinds.indexOf(o[7].split(/[ \[(]/)[0]); });
    var byStart = f.ops.map(function (o, i) { return i; }).sort(function (a, b) { return f.ops[a][1] - f.ops[b][1]; });
    var maxLat = 1, minLat = Infinity;
    f.ops.forEach(function (o) { if (o[5] >= 0) { var d = Math.max(1, o[2] - o[1]); maxLat = Math.max(maxLat, d); minLat = Math.min(minLat, d); } });
    if (!isFinite(minLat)) minLat = 1;
    var lo = Math.log10(Math.max(1, minLat)) - 0.1, hi = Math.log10(maxLat) + 0.1;
    var top = AXIS + 6, bottom = height - 8;
    function y(us) { return bottom - (Math.log10(Math.max(1, us)) - lo) / Math.max(0.1, hi - lo) * (bottom - top); }
    function mark(ctx, shape, x, yy) {
      ctx.beginPath();
      if (shape === 'square') ctx.rect(x - 2.5, yy - 2.5, 5, 5);
      else if (shape === 'triangle') { ctx.moveTo(x, yy - 3); ctx.lineTo(x + 3, yy + 2.5); ctx.lineTo(x - 3, yy + 2.5); ctx.closePath(); }
      else if (shape === 'diamond') { ctx.moveTo(x, yy - 3.5); ctx.lineTo(x + 3, yy); ctx.lineTo(x, yy + 3.5); ctx.lineTo(x - 3, yy); ctx.closePath(); }
      else ctx.arc(x, yy, 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
    var lg = el('div', 'legend latency-legend');
    kinds.forEach(function (k, i) { add(lg, el('span', null, ({ circle: '●', square: '■', triangle: '▲', diamond: '◆' })[SHAPES[i % SHAPES.length]] + ' ' + k)); });
    [['ok', COLORS.ok], ['fail', COLORS.fail], ['info', COLORS.info]].forEach(function (c) { var s = el('span'); var sw = el('i'); sw.style.background = c[1]; add(s, sw, document.createTextNode(c[0])); add(lg, s); });
    add(lg, el('span', null, '— completions/s'));
    var panel = { canvas: canvas, legend: lg };
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      drawAxis(g, view);
      f.bands.forEach(function (b) {
        if (b[0] !== 0 && BAND_KINDS[b[3]] !== 'crash' && BAND_KINDS[b[3]] !== 'pause') return;
        if (b[2] < view.from || b[1] > view.to) return;
        var x0 = Math.max(GUTTER, view.x(b[1], W)), x1 = Math.min(W, view.x(b[2], W));
        ctx.fillStyle = 'rgba(111,66,193,0.07)';
        ctx.fillRect(x0, AXIS, Math.max(1, x1 - x0), height - AXIS);
      });
      drawWindow(g, view, f);
      // Points, at most one per pixel column, kind and outcome.
      var seen = {}, drawn = 0;
      var k0 = lowerBound(byStart, function (i) { return f.ops[i][1]; }, view.from);
      for (var k = k0; k < byStart.length; k++) {
        var i = byStart[k], o = f.ops[i];
        if (o[1] > view.to) break;
        if (o[5] < 0) continue;
        var x = Math.round(view.x(o[1], W)), yy = Math.round(y(o[2] - o[1]));
        var key = x + ':' + yy + ':' + kindOf[i] + ':' + o[3];
        if (seen[key]) continue;
        seen[key] = true;
        ctx.fillStyle = COLORS[OUTCOMES[o[3]]];
        mark(ctx, SHAPES[kindOf[i] % SHAPES.length], x, yy);
        drawn++;
      }
      // Throughput: completions per bin of 24 px, scaled to the panel.
      var BIN = 24, bins = Math.ceil((W - GUTTER) / BIN), counts = new Array(bins).fill(0), peak = 0;
      f.ops.forEach(function (o) {
        if (o[5] < 0 || o[2] < view.from || o[2] > view.to) return;
        var b = Math.floor((view.x(o[2], W) - GUTTER) / BIN);
        if (b >= 0 && b < bins) { counts[b]++; peak = Math.max(peak, counts[b]); }
      });
      if (peak > 0) {
        var binUs = (view.to - view.from) * BIN / (W - GUTTER);
        ctx.strokeStyle = '#1d2330';
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        counts.forEach(function (c, b) { var px = GUTTER + b * BIN + BIN / 2, py = bottom - c / peak * (bottom - top); if (b === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py); });
        ctx.stroke();
        ctx.lineWidth = 1;
        ctx.fillStyle = COLORS.ink;
        clipText(ctx, 'peak ' + Math.round(peak / (binUs / 1e6)) + ' ops/s', W - 110, top + 5, 104);
      }
      ctx.fillStyle = COLORS.muted;
      clipText(ctx, fmtUs(maxLat), GUTTER + 4, y(maxLat) + 6);
      clipText(ctx, fmtUs(Math.max(1, minLat)), GUTTER + 4, y(minLat) - 6);
      gutter(g, [{ text: 'latency', bold: true }], AXIS + 4, 16);
      canvas.setAttribute('data-drawn-points', String(drawn));
    };
    panel.hit = function (x, yy, W) {
      if (x < GUTTER) return null;
      var t = view.us(x, W), slop = 4 * (view.to - view.from) / (W - GUTTER);
      var best = null, bestD = 6;
      var k0 = lowerBound(byStart, function (i) { return f.ops[i][1]; }, t - slop);
      for (var k = k0; k < byStart.length; k++) {
        var i = byStart[k], o = f.ops[i];
        if (o[1] > t + slop) break;
        if (o[5] < 0) continue;
        var d = Math.hypot(view.x(o[1], W) - x, y(o[2] - o[1]) - yy);
        if (d < bestD) { bestD = d; best = o; }
      }
      return best ? f.lanes[best[0]].label + ' · ' + OUTCOMES[best[3]] + '\n' + best[7] + '\n' + fmtUs(best[1]) + ', latency ' + fmtUs(best[2] - best[1]) : null;
    };
    return panel;
  }

  // ---------- clocks: offset of local time from true time, per node ----------
  function clockPanel(f, view) {
    var height = 170;
    var canvas = makeCanvas('clocks', height);
    var lo = 0, hi = 0;
    f.clocks.forEach(function (c) { c.wall.concat(c.mono).forEach(function (p) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }); });
    if (hi - lo < 1) { hi += 1; lo -= 1; }
    var pad = (hi - lo) * 0.1;
    lo -= pad; hi += pad;
    var top = AXIS + 6, bottom = height - 8;
    function y(v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); }
    function valueAt(points, t) {
      if (points.length === 0) return 0;
      var k = lowerBound(points, function (p) { return p[0]; }, t);
      var b = points[Math.min(k, points.length - 1)], a = points[Math.max(0, k - 1)];
      if (k === 0 || t >= b[0] && k >= points.length - 1) return (t >= b[0] ? b : a)[1];
      return a[1] + (b[1] - a[1]) * (t - a[0]) / Math.max(1, b[0] - a[0]);
    }
    function line(ctx, points, W, dash) {
      if (points.length === 0) return;
      ctx.setLineDash(dash);
      ctx.beginPath();
      var k0 = Math.max(0, lowerBound(points, function (p) { return p[0]; }, view.from) - 1);
      ctx.moveTo(GUTTER, y(valueAt(points, view.from)));
      for (var k = k0; k < points.length; k++) {
        var p = points[k];
        if (p[0] < view.from) continue;
        if (p[0] > view.to) break;
        ctx.lineTo(view.x(p[0], W), y(p[1]));
      }
      ctx.lineTo(W, y(valueAt(points, view.to)));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    var panel = { canvas: canvas };
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      drawAxis(g, view);
      drawWindow(g, view, f);
      ctx.strokeStyle = '#9aa3b0';
      ctx.beginPath(); ctx.moveTo(GUTTER, Math.round(y(0)) + 0.5); ctx.lineTo(W, Math.round(y(0)) + 0.5); ctx.stroke();
      ctx.fillStyle = COLORS.muted;
      clipText(ctx, (hi).toFixed(1) + ' ms', GUTTER + 4, top + 5);
      clipText(ctx, (lo).toFixed(1) + ' ms', GUTTER + 4, bottom - 5);
      clipText(ctx, '0 (true time)', GUTTER + 4, y(0) - 7);
      f.clocks.forEach(function (c, i) {
        ctx.strokeStyle = PALETTE[i % PALETTE.length];
        ctx.lineWidth = 2;
        line(ctx, c.wall, W, []);
        ctx.lineWidth = 1;
        line(ctx, c.mono, W, [4, 3]);
      });
      ctx.lineWidth = 1;
      gutter(g, f.clocks.map(function (c, i) { return { text: c.node, color: PALETTE[i % PALETTE.length], bold: true }; }), AXIS + 2, Math.min(16, (height - AXIS - 4) / Math.max(1, f.clocks.length)));
      if (f.clocks.length === 0) { ctx.fillStyle = COLORS.muted; clipText(ctx, 'No clock samples were recorded for this run.', GUTTER + 12, height / 2); }
    };
    panel.hit = function (x, yy, W) {
      if (x < GUTTER || f.clocks.length === 0) return null;
      var t = view.us(x, W);
      return 'at ' + fmtUs(t) + ' true time\n' + f.clocks.map(function (c) {
        var v = valueAt(c.wall, t);
        return c.node + ': wall ' + (v >= 0 ? '+' : '') + v.toFixed(3) + ' ms, monotonic drift ' + valueAt(c.mono, t).toFixed(3) + ' ms';
      }).join('\n');
    };
    return panel;
  }

  // ---------- message flow (Lamport diagram on the shared time axis) ----------
  function messagePanel(f, view) {
    var nodeLanes = [];
    f.lanes.forEach(function (l, i) { if (l.kind === 'server' || l.kind === 'client') nodeLanes.push(i); });
    var row = {};
    nodeLanes.forEach(function (l, k) { row[l] = k; });
    var LANE_H = 22;
    var height = AXIS + nodeLanes.length * LANE_H + 8;
    var canvas = makeCanvas('messages', height);
    var maxTransit = 0;
    f.messages.forEach(function (m) { if (m[3] >= 0) maxTransit = Math.max(maxTransit, m[3] - m[2]); });
    var dropTailUs = Math.max(maxTransit, 1);
    function yOf(lane) { return AXIS + 4 + row[lane] * LANE_H + LANE_H / 2; }
    function visible() {
      var out = [];
      var k = lowerBound(f.messages, function (m) { return m[2]; }, view.from - maxTransit);
      for (; k < f.messages.length; k++) {
        var m = f.messages[k];
        if (m[2] > view.to) break;
        var end = m[3] >= 0 ? m[3] : m[2];
        if (end < view.from) continue;
        out.push(m);
      }
      return out;
    }
    var panel = { canvas: canvas, note: el('div', 'hint message-note') };
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      drawAxis(g, view);
      drawWindow(g, view, f);
      ctx.strokeStyle = '#c9ced6';
      nodeLanes.forEach(function (l) { var yy = Math.round(yOf(l)) + 0.5; ctx.beginPath(); ctx.moveTo(GUTTER, yy); ctx.lineTo(W, yy); ctx.stroke(); });
      f.bands.forEach(function (b) {
        var kind = BAND_KINDS[b[3]];
        if ((kind !== 'crash' && kind !== 'pause') || row[b[0]] === undefined || b[2] < view.from || b[1] > view.to) return;
        var x0 = Math.max(GUTTER, view.x(b[1], W)), x1 = Math.min(W, view.x(b[2], W));
        ctx.fillStyle = BAND_STYLE[kind].fill;
        ctx.fillRect(x0, yOf(b[0]) - 6, Math.max(2, x1 - x0), 12);
      });
      var list = visible();
      // More than one arrow per few pixels is a solid block: draw sends per lane and time bin instead.
      var aggregate = list.length > Math.min(MESSAGES_DRAWN_MAX, (W - GUTTER) / 3);
      canvas.setAttribute('data-drawn-messages', String(aggregate ? 0 : list.length));
      canvas.setAttribute('data-aggregated', aggregate ? '1' : '0');
      if (aggregate) {
        var BIN = 6, bins = Math.ceil((W - GUTTER) / BIN);
        var sent = {}, dropped = {}, peak = 1;
        list.forEach(function (m) {
          if (row[m[0]] === undefined) return;
          var k = Math.floor((view.x(m[2], W) - GUTTER) / BIN);
          if (k < 0 || k >= bins) return;
          var key = m[0] + ':' + k;
          sent[key] = (sent[key] || 0) + 1;
          if (m[3] < 0 && FATES[m[4]] !== 'in-flight') dropped[key] = (dropped[key] || 0) + 1;
          peak = Math.max(peak, sent[key]);
        });
        Object.keys(sent).forEach(function (key) {
          var parts = key.split(':'), lane = Number(parts[0]), k = Number(parts[1]);
          var h = Math.max(2, (LANE_H - 6) * Math.log(1 + sent[key]) / Math.log(1 + peak));
          var x = GUTTER + k * BIN, yy = yOf(lane);
          ctx.fillStyle = '#46607f';
          ctx.fillRect(x, yy - h / 2, BIN - 1, h);
          if (dropped[key]) {
            var hd = Math.max(2, h * dropped[key] / sent[key]);
            ctx.fillStyle = COLORS.fail;
            ctx.fillRect(x, yy + h / 2 - hd, BIN - 1, hd);
          }
        });
        if (view.legend) { view.legend.use('msg-sent'); if (Object.keys(dropped).length > 0) view.legend.use('msg-dropped'); }
        panel.note.textContent = list.length + ' messages in view: sends per ' + BIN + ' px on each sender\'s lane (red: dropped); zoom in for arrows.';
      } else {
        panel.note.textContent = list.length + ' messages in view.';
        var labels = list.length <= 60;
        list.forEach(function (m) {
          var x0 = view.x(m[2], W), y0 = yOf(m[0]), y1 = yOf(m[1]);
          var fate = FATES[m[4]];
          if (m[3] >= 0) {
            var x1 = view.x(m[3], W);
            arrow(ctx, x0, y0, x1, y1, '#46607f');
            if (view.legend) view.legend.use('msg');
            if (labels) { ctx.fillStyle = '#46607f'; clipText(ctx, m[5], (x0 + x1) / 2 + 3, (y0 + y1) / 2 - 6, 160); }
          } else {
            var xe = view.x(m[2] + dropTailUs * 0.5, W), ye = y0 + (y1 - y0) * 0.5;
            var color = fate === 'in-flight' ? '#8a8f98' : COLORS.fail;
            ctx.strokeStyle = color;
            ctx.setLineDash([3, 3]);
            ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(xe, ye); ctx.stroke();
            ctx.setLineDash([]);
            if (fate !== 'in-flight' && view.legend) view.legend.use('msg-lost');
            if (fate !== 'in-flight') { ctx.beginPath(); ctx.moveTo(xe - 4, ye - 4); ctx.lineTo(xe + 4, ye + 4); ctx.moveTo(xe + 4, ye - 4); ctx.lineTo(xe - 4, ye + 4); ctx.stroke(); }
            if (labels) { ctx.fillStyle = color; clipText(ctx, m[5] + ' (' + fate + ')', xe + 6, ye, 200); }
          }
        });
      }
      gutter(g, nodeLanes.map(function (l) { return { text: f.lanes[l].label, bold: true }; }), AXIS + 4, LANE_H);
    };
    panel.hit = function (x, y, W) {
      if (x < GUTTER) return null;
      var best = null, bestD = 6;
      visible().slice(0, MESSAGES_DRAWN_MAX).forEach(function (m) {
        var x0 = view.x(m[2], W), y0 = yOf(m[0]);
        var x1 = m[3] >= 0 ? view.x(m[3], W) : view.x(m[2] + dropTailUs * 0.5, W), y1 = m[3] >= 0 ? yOf(m[1]) : y0 + (yOf(m[1]) - y0) * 0.5;
        var d = distToSegment(x, y, x0, y0, x1, y1);
        if (d < bestD) { bestD = d; best = m; }
      });
      if (!best) return null;
      return 'message ' + best[6] + ' ' + best[5] + '\n' + f.lanes[best[0]].label + ' → ' + f.lanes[best[1]].label + '\nsent ' + fmtUs(best[2]) +
        (best[3] >= 0 ? ', delivered ' + fmtUs(best[3]) + ' (' + fmtUs(best[3] - best[2]) + ')' : ', ' + FATES[best[4]]);
    };
    return panel;
  }
  function arrow(ctx, x0, y0, x1, y1, color) {
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
    var a = Math.atan2(y1 - y0, x1 - x0);
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - 7 * Math.cos(a - 0.4), y1 - 7 * Math.sin(a - 0.4));
    ctx.lineTo(x1 - 7 * Math.cos(a + 0.4), y1 - 7 * Math.sin(a + 0.4));
    ctx.fill();
  }
  function distToSegment(px, py, x0, y0, x1, y1) {
    var dx = x1 - x0, dy = y1 - y0, len = dx * dx + dy * dy;
    var t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len));
    return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
  }

  // ---------- model panels (the extension point) ----------
  function modelPanel(p, view) {
    var ROW = 22;
    var BAR = ROW - 6;
    var MARK_HIT_PX = 5;
    var height = AXIS + p.rows.length * ROW + 4;
    var canvas = makeCanvas('model-panel', height);
    var rowMarks = p.rows.map(function (r) {
      return (Array.isArray(r.marks) ? r.marks : []).filter(function (m) { return m && isFinite(m.atUs); })
        .slice().sort(function (a, b) { return a.atUs - b.atUs; });
    });
    var panel = { canvas: canvas };
    panel.draw = function () {
      var g = prepare(canvas, height);
      var ctx = g.ctx, W = g.width;
      var drawnMarks = 0;
      drawAxis(g, view);
      p.rows.forEach(function (r, i) {
        var y = AXIS + i * ROW + 3;
        r.segments.forEach(function (s) {
          if (s.toUs < view.from || s.fromUs > view.to) return;
          var x0 = Math.max(GUTTER, view.x(s.fromUs, W)), x1 = Math.min(W, view.x(s.toUs, W));
          ctx.fillStyle = tone(TONES, s.tone);
          ctx.fillRect(x0, y, Math.max(1, x1 - x0 - 1), BAR);
          ctx.fillStyle = COLORS.ink;
          clipText(ctx, String(s.text), x0 + 3, y + BAR / 2, x1 - x0 - 6);
        });
        // Point marks: a tick through the bar and a triangle pointing down at it from the row's top edge,
        // outlined in white so neighbours and the state beneath stay readable.
        rowMarks[i].forEach(function (m) {
          if (m.atUs < view.from || m.atUs > view.to) return;
          var x = Math.round(view.x(m.atUs, W)) + 0.5;
          if (x < GUTTER) return;
          var color = tone(MARK_TONES, m.tone);
          ctx.fillStyle = color;
          ctx.fillRect(x - 1, y, 2, BAR);
          ctx.beginPath(); ctx.moveTo(x - 5, y - 3); ctx.lineTo(x + 5, y - 3); ctx.lineTo(x, y + 5); ctx.closePath();
          ctx.strokeStyle = '#fff';
          ctx.lineWidth = 1.5;
          ctx.stroke();
          ctx.fill();
          ctx.lineWidth = 1;
          drawnMarks++;
        });
      });
      gutter(g, p.rows.map(function (r) { return { text: String(r.label), bold: true }; }), AXIS + 3, ROW);
      canvas.setAttribute('data-drawn-marks', String(drawnMarks));
    };
    panel.hit = function (x, y, W) {
      var i = Math.floor((y - AXIS) / ROW); // a row and the triangles on its top edge
      var r = p.rows[i];
      if (!r || x < GUTTER) return null;
      var t = view.us(x, W);
      var lines = [];
      // Marks within a few pixels, nearest first, then the state under the cursor.
      var near = rowMarks[i].filter(function (m) { return Math.abs(view.x(m.atUs, W) - x) <= MARK_HIT_PX; });
      near.sort(function (a, b) { return Math.abs(view.x(a.atUs, W) - x) - Math.abs(view.x(b.atUs, W) - x); });
      near.slice(0, 4).forEach(function (m) { lines.push(r.label + ': ' + String(m.label) + '\nat ' + fmtUs(m.atUs)); });
      if (near.length > 4) lines.push('… ' + (near.length - 4) + ' more marks here: zoom in');
      var at = near.length > 0 ? near[0].atUs : t;
      // The state in effect at that instant ([from, to)), else one ending there (the run's last instant).
      var s = r.segments.filter(function (s) { return at >= s.fromUs && at < s.toUs; })[0] ||
        r.segments.filter(function (s) { return at >= s.fromUs && at <= s.toUs; })[0];
      if (s) lines.push((near.length > 0 ? 'state: ' : r.label + ': ') + s.text + '\n' + fmtUs(s.fromUs) + ' → ' + fmtUs(s.toUs));
      return lines.length > 0 ? lines.join('\n\n') : null;
    };
    return panel;
  }

  // ---------- boot ----------
  renderHeader();
  renderScenarios();
  var views = data.failures.map(renderFailure);
  views.forEach(function (v) { v.openInitial(); });
  if (typeof ResizeObserver === 'function') {
    var ro = new ResizeObserver(function () { views.forEach(function (v) { v.redraw(); }); });
    ro.observe(app);
  }
  window.addEventListener('scroll', hideTip, { passive: true });
  document.body.setAttribute('data-ready', '1');
})();
