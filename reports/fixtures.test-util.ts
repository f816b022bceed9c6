/**
 * Synthetic suite reports for the report tests: a lock-service run with a partition, a pause, a crash,
 * clock drift and a clock jump, a linearizability violation and a lock-belief that outlives the lease.
 * Built from a tiny LCG so every fixture is the same on every run; no runner needed.
 */
import { describeSchedule } from '../harness/faults/describe.js';
import { halves } from '../harness/faults/partitions.js';
import type { FaultSchedule } from '../harness/faults/types.js';
import type { History, Op } from '../harness/history/types.js';
import type { RunResult } from '../harness/run/run-once.js';
import type { ClockSample, MessageRecord, Note } from '../harness/sim/simulation.js';
import type { FailureDetail, SuiteReport } from './types.js';

export const XSS = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

const SERVERS = ['n1', 'n2', 'n3'];
const CLIENTS = ['c1', 'c2', 'c3'];
const WALL_EPOCH_MS = 1_767_225_600_000;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface FixtureOptions {
  /** Client operations in the history (invoke + completion each). */
  ops?: number;
  endUs?: number;
  /** Put the XSS payload into op values, notes, descriptions, explanations and panels. */
  hostile?: boolean;
}

export const VIOLATION_AT_US = 4_000_000;
/** A panel mark well after the violation and the heal (8 s): the report must open wide enough to show it. */
export const OLD_LEADER_RESYNC_US = 8_500_000;

function schedule(): FaultSchedule {
  const nodes = [...SERVERS, ...CLIENTS];
  return [
    { at: 1_000_000, kind: 'clock-drift', node: 'c1', ppm: 4000 },
    { at: 2_000_000, kind: 'clock-jump', node: 'n2', deltaMs: -30 },
    { at: 3_000_000, kind: 'partition', shape: 'halves', nodes, grudge: halves(nodes) },
    { at: 3_900_000, kind: 'pause', node: 'c1' },
    { at: 4_700_000, kind: 'resume', node: 'c1' },
    { at: 5_000_000, kind: 'heal' },
    { at: 6_000_000, kind: 'crash', node: 'n3' },
    { at: 7_000_000, kind: 'restart', node: 'n3' },
  ];
}

/** Wall-clock offset from true time, ms, for the fixture's schedule (drift on c1, a jump on n2). */
function wallOffsetMs(node: string, us: number, afterFault: boolean): number {
  if (node === 'c1') return us > 1_000_000 ? ((us - 1_000_000) * 4000) / 1e6 / 1000 : 0;
  if (node === 'n2') return us > 2_000_000 || (us === 2_000_000 && afterFault) ? -30 : 0;
  if (node === 'n1') return 5;
  return 0;
}

function history(count: number, endUs: number, rnd: () => number, hostile: boolean): { history: History; violation: number[] } {
  type Ev = { time: number; process: number; type: Op['type']; f: string; value: unknown; client: number; seq: number };
  const events: Ev[] = [];
  const perClient = Math.ceil(count / CLIENTS.length);
  const slot = (endUs * 0.95) / perClient;
  const fs = ['read', 'write', 'cas', 'acquire', 'release'];
  let seq = 0;
  for (let c = 0; c < CLIENTS.length; c++) {
    let process = c;
    for (let k = 0; k < perClient && events.length / 2 < count; k++) {
      const start = Math.round(k * slot + rnd() * slot * 0.3 + c * 997);
      const dur = Math.max(50, Math.round(slot * (0.2 + rnd() * 0.5)));
      const f = fs[Math.floor(rnd() * fs.length)] ?? 'read';
      const value = hostile && k === 2 ? XSS : f === 'read' ? null : Math.floor(rnd() * 5);
      const r = rnd();
      const type: Op['type'] = r < 0.8 ? 'ok' : r < 0.92 ? 'fail' : 'info';
      events.push({ time: start, process, type: 'invoke', f, value, client: c, seq: seq++ });
      events.push({ time: start + dur, process, type, f, value: f === 'read' ? Math.floor(rnd() * 5) : value, client: c, seq: seq++ });
      if (type === 'info') process += CLIENTS.length;
    }
  }
  events.sort((a, b) => a.time - b.time || a.seq - b.seq);
  const ops: History = events.map((e, index) => ({ index, process: e.process, type: e.type, f: e.f, value: e.value, time: e.time, key: 'x' }));
  // The violating ops: the ok invokes of three different processes nearest the violation time.
  const violation: number[] = [];
  const seen = new Set<number>();
  const around = ops.filter((o) => o.type === 'invoke' && o.time >= VIOLATION_AT_US).slice(0, 12);
  for (const o of around) {
    if (seen.has(o.process % CLIENTS.length)) continue;
    seen.add(o.process % CLIENTS.length);
    violation.push(o.index);
    if (violation.length === 3) break;
  }
  return { history: ops, violation };
}

function clockSamples(sched: FaultSchedule, endUs: number): ClockSample[] {
  const samples: ClockSample[] = [];
  const times = [0, ...sched.map((f) => f.at), endUs];
  for (const t of times) {
    for (const after of [false, true]) {
      for (const node of [...SERVERS, ...CLIENTS]) {
        const wall = WALL_EPOCH_MS + t / 1000 + wallOffsetMs(node, t, after);
        const mono = t / 1000 + (node === 'c1' ? wallOffsetMs(node, t, after) : 0);
        samples.push({ timeUs: t, node, wallMs: wall, monotonicMs: mono });
      }
    }
  }
  return samples;
}

function messages(count: number, endUs: number, rnd: () => number): MessageRecord[] {
  const nodes = [...SERVERS, ...CLIENTS];
  const left = new Set(nodes.slice(0, 3));
  const out: MessageRecord[] = [];
  for (let id = 1; id <= count; id++) {
    const from = nodes[Math.floor(rnd() * nodes.length)] ?? 'n1';
    let to = nodes[Math.floor(rnd() * nodes.length)] ?? 'n2';
    if (to === from) to = from === 'n1' ? 'n2' : 'n1';
    const sentUs = Math.round((id / count) * endUs * 0.97);
    const cut = sentUs >= 3_000_000 && sentUs < 5_000_000 && left.has(from) !== left.has(to);
    const down = sentUs >= 6_000_000 && sentUs < 7_000_000 && to === 'n3';
    const lost = rnd() < 0.02;
    const fate: MessageRecord['fate'] = cut ? 'partition' : down ? 'down' : lost ? 'lost' : 'delivered';
    const type = ['acquire', 'grant', 'append', 'ack', 'read'][Math.floor(rnd() * 5)] ?? 'ack';
    out.push({ id, from, to, sentUs, deliveredUs: fate === 'delivered' ? sentUs + 800 + Math.round(rnd() * 4000) : null, fate, type });
  }
  return out;
}

function run(overrides: Partial<RunResult>): RunResult {
  return {
    scenario: 'lock-lease', seed: 7, schedule: [], traceHash: 'abc123', verdict: 'pass', expected: 'pass', checks: [],
    stopReason: 'quiescent',
    stats: { events: 1000, timeUs: 10_000_000, network: { sent: 10, delivered: 9, duplicated: 0, dropped: { partition: 1, loss: 0, down: 0, reset: 0, stale: 0 } }, timersFired: 3, faultsApplied: 8, fsyncs: 2, droppedLogLines: 0 },
    coverage: {}, wallMs: 12.5,
    ...overrides,
  };
}

export function failureDetail(options: FixtureOptions = {}): FailureDetail {
  const count = options.ops ?? 60;
  const endUs = options.endUs ?? 10_000_000;
  const hostile = options.hostile ?? false;
  const rnd = lcg(42);
  const sched = schedule();
  const { history: hist, violation } = history(count, endUs, rnd, hostile);
  const explanation = hostile ? `not linearizable: read saw ${XSS}` : 'not linearizable on x: 3 operations cannot be ordered (c2 read 1 after c3 wrote 2)';
  const failing = run({
    seed: 7, schedule: sched, verdict: 'violation',
    checks: [
      {
        checker: 'linearizability', valid: false, explanation,
        anomalies: [{
          kind: 'non-linearizable', partition: 'x', window: { partition: 'x', index: 0, ops: violation }, minimalOps: violation,
          minimalIsApproximate: false, longestPrefix: violation.slice(0, 2), startStates: ['0'],
          story: `Not linearizable on x: these ${violation.length} operations cannot be put in any order consistent with real time.`,
        }],
      },
      { checker: 'mutual-exclusion', valid: false, explanation: 'c1 and c2 both held lock L between 4.200 s and 4.600 s', anomalies: [{ kind: 'overlap', ops: violation.slice(1, 3) }] },
      { checker: 'durability', valid: true, explanation: 'all 12 acknowledged writes are in the final read', anomalies: [] },
    ],
  });
  const notes: Note[] = [
    { timeUs: 3_500_000, node: 'c1', kind: 'lock-belief', data: { lock: 'L', fromUs: 3_500_000, toUs: 4_600_000, trueValidUntilUs: 4_100_000 } },
    { timeUs: 4_200_000, node: 'c2', kind: 'lock-acquired', data: { lock: 'L' } },
    { timeUs: 4_800_000, node: 'c2', kind: 'lock-released', data: { lock: 'L' } },
    { timeUs: 2_500_000, node: 'n1', kind: 'leader', data: { term: 3, note: hostile ? XSS : 'elected' } },
  ];
  return {
    run: failing,
    schedule: sched,
    scheduleText: describeSchedule(sched),
    replayCommand: 'npx faultline replay faultline-out/replay/lock-lease-seed-7.json',
    replayFile: 'faultline-out/replay/lock-lease-seed-7.json',
    history: hist,
    notes,
    messages: messages(Math.max(200, count * 2), endUs, rnd),
    clockSamples: clockSamples(sched, endUs),
    panels: [{
      title: hostile ? `leader per term ${XSS}` : 'leader per term',
      rows: SERVERS.map((s, i) => ({
        label: s,
        segments: [
          { fromUs: 0, toUs: 3_000_000, text: i === 0 ? 'leader t1' : 'follower t1', tone: i === 0 ? 'ok' as const : 'neutral' as const },
          { fromUs: 3_000_000, toUs: endUs, text: hostile && i === 1 ? XSS : i === 2 ? 'leader t2' : 'follower t2', tone: i === 2 ? 'warn' as const : 'neutral' as const },
        ],
        // Point events: n3 elected at the start of term 2; the old leader's late resync after the heal.
        marks: i === 2 ? [{ atUs: 3_000_000, label: 'elected leader, term 2', tone: 'ok' as const }]
          : i === 0 ? [{ atUs: OLD_LEADER_RESYNC_US, label: hostile ? `full resync ${XSS}` : 'full resync from n3 (was leader): discards 2 writes', tone: 'bad' as const }]
          : [],
      })),
    }],
    nodes: { servers: SERVERS, clients: CLIENTS },
    endUs,
    nemesisEndUs: 8_000_000,
    wallEpochMs: WALL_EPOCH_MS,
  };
}

export function suiteReport(options: FixtureOptions = {}): SuiteReport {
  const hostile = options.hostile ?? false;
  const detail = failureDetail(options);
  const passing = [1, 2, 3].map((seed) => run({ scenario: 'queue-ok', seed, verdict: 'pass', checks: [{ checker: 'durability', valid: true, explanation: 'fine', anomalies: [] }] }));
  const lockRuns = [5, 6].map((seed) => run({ seed, verdict: 'pass', checks: [] }));
  return {
    title: hostile ? `faultline suite ${XSS}` : 'faultline suite',
    faultlineVersion: '0.1.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    command: 'npx faultline run --seeds 3',
    scenarios: [
      {
        scenario: 'lock-lease', description: hostile ? `Lease-based lock ${XSS}` : 'Lease-based lock service; clients trust local clocks',
        expect: 'pass', seedsRun: 3, verdicts: { pass: 2, violation: 1, unknown: 0, error: 0 }, status: 'unexpected', decidingSeed: 7, wallMs: 40,
      },
      {
        scenario: 'queue-ok', description: 'A durable queue that survives everything', expect: 'pass', seedsRun: 3,
        verdicts: { pass: 3, violation: 0, unknown: 0, error: 0 }, status: 'as-expected', wallMs: 30,
      },
    ],
    runs: [...lockRuns, detail.run, ...passing],
    coverage: [
      { goal: 'partition during lock hold', atLeast: 1, count: 1, met: true },
      { goal: 'crash of leader', atLeast: 2, count: 0, met: false },
    ],
    failures: [detail],
    exitCode: 1,
    wallMs: 75,
  };
}
