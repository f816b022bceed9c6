/** The report's stylesheet (inlined; no fonts or images are fetched). */
export const STYLES = `
:root { --ok:#2e9d5b; --fail:#d9534f; --info:#d99a1e; --open:#8a8f98; --hl:#c0186a; --ink:#1d2330; --muted:#5d6675; --line:#dde1e7; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1500px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 4px 0 2px; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
.meta { color: var(--muted); margin-bottom: 14px; }
.meta span { margin-right: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 14px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.b-pass, .b-as-expected, .b-true, .b-met { background: var(--ok); }
.b-violation, .b-unexpected, .b-false, .b-error, .b-unmet { background: var(--fail); }
.b-unknown, .b-undecided { background: var(--info); }
.exit-0 { color: var(--ok); } .exit-1 { color: var(--fail); } .exit-3 { color: var(--info); }
.chips { display: flex; flex-wrap: wrap; gap: 3px; margin-top: 6px; }
.chip { font: 11px ui-monospace, monospace; padding: 0 4px; border-radius: 3px; color: #fff; cursor: default; }
.chip.v-pass { background: var(--ok); } .chip.v-violation { background: var(--fail); } .chip.v-unknown { background: var(--info); } .chip.v-error { background: #6b2a8a; }
.chip.expected-violation.v-violation { outline: 2px solid #222; }
.violation { border-left: 4px solid var(--hl); background: #fff5f9; padding: 8px 12px; margin: 8px 0; border-radius: 4px; }
.violation .explanation { font-weight: 600; font-size: 15px; }
.replay { display: flex; gap: 8px; align-items: center; background: #1d2330; color: #e8ecf2; padding: 8px 10px; border-radius: 6px; }
.replay code { flex: 1; color: #e8ecf2; user-select: all; overflow-x: auto; white-space: nowrap; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #b9c0cb; border-radius: 5px; background: #fff; cursor: pointer; }
button:hover { background: #eef1f5; }
.replay button { background: #3a4356; color: #fff; border-color: #55607a; }
ol.schedule { margin: 4px 0; padding-left: 22px; }
ol.schedule li { font-family: ui-monospace, monospace; font-size: 12.5px; }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 8px 0 4px; }
.toolbar .range { color: var(--muted); margin-left: 8px; font-variant-numeric: tabular-nums; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; font-size: 12px; color: var(--muted); margin: 2px 0 6px; }
.legend i { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.sw-ok { background: var(--ok); } .sw-fail { background: var(--fail); } .sw-open { background: var(--open); }
.sw-info { background: linear-gradient(90deg, var(--info) 55%, transparent 55%, transparent 70%, var(--info) 70%); }
.sw-hl { outline: 2px solid var(--hl); background: #fff; } .sw-ref { outline: 1px solid rgba(192,24,106,.55); background: #fff; }
.sw-prefix { background: #fff; border-bottom: 3px solid #2357b5; } .sw-window { background: rgba(192,24,106,.10); border: 1px dashed var(--hl); }
.sw-partition { background: rgba(111,66,193,.18); } .sw-pause { background: rgba(217,154,30,.25); }
.sw-crash { background: repeating-linear-gradient(135deg, rgba(40,44,52,.30) 0 3px, rgba(0,0,0,.55) 3px 4px); }
.sw-drift { background: rgba(35,87,181,.12); } .sw-strobe { background: rgba(35,87,181,.20); } .sw-link { background: rgba(23,140,140,.18); }
.sw-jump { background: #d97706; width: 3px !important; } .sw-note { background: #6f42c1; width: 8px !important; height: 8px !important; transform: rotate(45deg); }
.sw-belief { background: #5b8def; } .sw-expired { background: repeating-linear-gradient(135deg, #e4572e 0 3px, #f3a58c 3px 5px); }
.sw-msg { background: #46607f; height: 2px !important; vertical-align: 3px !important; } .sw-lost { background: var(--fail); height: 2px !important; vertical-align: 3px !important; }
.story p { margin: 4px 0; } .anomalies ul { margin: 4px 0; padding-left: 20px; } table.fields th, table.fields td { padding: 1px 6px; font-size: 12px; }
.failure.collapsed > :not(h2):not(.failure-summary) { display: none; }
.failure-summary { margin: 2px 0 6px; }
.filter { display: block; margin: 0 0 8px; }
body.unexpected-only [data-as-expected="1"] { display: none; }
.panel { position: relative; border: 1px solid var(--line); border-radius: 6px; background: #fff; margin: 4px 0 10px; overflow: hidden; }
.panel canvas { display: block; width: 100%; cursor: grab; touch-action: none; }
.panel canvas.dragging { cursor: grabbing; }
.panel-title { font-size: 12px; color: var(--muted); margin: 10px 0 2px; font-weight: 600; }
.tooltip { position: fixed; z-index: 10; pointer-events: none; max-width: 520px; background: #1d2330; color: #f3f5f8; padding: 6px 9px; border-radius: 5px; font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; display: none; }
.hint { color: var(--muted); font-size: 12px; }
a { color: #2357b5; }
`;
