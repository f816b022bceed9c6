import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultScheduleError, parseSchedule, validate } from './validate.js';
import { partitionFault } from './partitions.js';
import type { FaultSchedule, Topology } from './types.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3', 'n4', 'n5'], clients: ['c1'] };
const ok = { at: 0, kind: 'heal' };

const good: FaultSchedule = [
  partitionFault(0, 'majority-ring', topology.servers),
  { at: 10, kind: 'heal' },
  { at: 10, kind: 'crash', node: 'n1' },
  { at: 20, kind: 'restart', node: 'n1' },
  { at: 20, kind: 'pause', node: 'c1' },
  { at: 30, kind: 'resume', node: 'c1' },
  { at: 30, kind: 'clock-drift', node: 'n2', ppm: -300 },
  { at: 40, kind: 'clock-jump', node: 'n2', deltaMs: -1.5 },
  { at: 40, kind: 'clock-strobe', node: 'n2', deltaMs: 100, periodMs: 0.5, durationMs: 10 },
  { at: 50, kind: 'link', from: '*', to: 'n3', loss: 1, duplicate: 0, reorder: 0.5, latencyMs: 0, jitterMs: 3 },
  { at: 60, kind: 'link-reset' },
  { at: 60, kind: 'partition', shape: 'custom', nodes: ['c1', 'n1'], grudge: { c1: ['n1'] } },
];

test('a good schedule of every kind validates and parses from JSON text', () => {
  validate(good, topology);
  assert.equal(parseSchedule(JSON.stringify(good), topology), good);
  assert.equal(parseSchedule(good, topology), good);
});

// [schedule entry, field the error must name, text the message must show]
const bad: [unknown, string | undefined, string][] = [
  [{ at: -1, kind: 'heal' }, 'at', '-1'],
  [{ at: 1.5, kind: 'heal' }, 'at', '1.5'],
  [{ at: Number.NaN, kind: 'heal' }, 'at', 'NaN'],
  [{ at: '5', kind: 'heal' }, 'at', '"5"'],
  [{ kind: 'heal' }, 'at', 'undefined'],
  [{ at: 0, kind: 'explode' }, 'kind', '"explode"'],
  [{ at: 0, kind: 'crash', node: 'n9' }, 'node', '"n9"'],
  [{ at: 0, kind: 'crash' }, 'node', 'undefined'],
  [{ at: 0, kind: 'crash', node: 'n1', nod: 'n2' }, 'nod', '"n2"'],
  [{ at: 0, kind: 'clock-drift', node: 'n1', ppm: Number.NaN }, 'ppm', 'NaN'],
  [{ at: 0, kind: 'clock-drift', node: 'n1', ppm: -2e6 }, 'ppm', '-2000000'],
  [{ at: 0, kind: 'clock-jump', node: 'n1', deltaMs: Number.POSITIVE_INFINITY }, 'deltaMs', 'Infinity'],
  [{ at: 0, kind: 'clock-strobe', node: 'n1', deltaMs: 5, periodMs: 0, durationMs: 10 }, 'periodMs', '0'],
  [{ at: 0, kind: 'clock-strobe', node: 'n1', deltaMs: 5, periodMs: 10, durationMs: 15 }, 'durationMs', '15'],
  [{ at: 0, kind: 'clock-strobe', node: 'n1', deltaMs: 5, periodMs: 0.001, durationMs: 1e6 }, 'durationMs', '1000000'],
  [{ at: 0, kind: 'link', from: 'n1', to: 'n2', loss: 1.5 }, 'loss', '1.5'],
  [{ at: 0, kind: 'link', from: 'n1', to: 'n2', duplicate: -0.1 }, 'duplicate', '-0.1'],
  [{ at: 0, kind: 'link', from: 'n1', to: 'n2', reorder: Number.NaN }, 'reorder', 'NaN'],
  [{ at: 0, kind: 'link', from: 'n1', to: 'n2', latencyMs: -5 }, 'latencyMs', '-5'],
  [{ at: 0, kind: 'link', from: 'x', to: 'n2', loss: 0.1 }, 'from', '"x"'],
  [{ at: 0, kind: 'link', from: 'n1', to: 'n2' }, 'kind', '"link"'],
  [{ at: 0, kind: 'partition', shape: 'triangle', nodes: [], grudge: {} }, 'shape', '"triangle"'],
  [{ at: 0, kind: 'partition', shape: 'halves', nodes: ['n1', 'n7'], grudge: {} }, 'nodes[1]', '"n7"'],
  [{ at: 0, kind: 'partition', shape: 'halves', nodes: ['n1', 'n1'], grudge: {} }, 'nodes[1]', '"n1"'],
  [{ at: 0, kind: 'partition', shape: 'bridge', nodes: ['n1', 'n2'], grudge: {} }, 'nodes', '["n1","n2"]'],
  [{ at: 0, kind: 'partition', shape: 'custom', nodes: [], grudge: { n1: ['zz'] } }, 'grudge.n1[0]', '"zz"'],
  [{ at: 0, kind: 'partition', shape: 'custom', nodes: [], grudge: { n1: ['n1'] } }, 'grudge.n1[0]', '"n1"'],
  [{ at: 0, kind: 'partition', shape: 'custom', nodes: [], grudge: { q: [] } }, 'grudge.q', '"q"'],
  [{ at: 0, kind: 'partition', shape: 'halves', nodes: ['n1', 'n2'], grudge: { n1: ['n2'] } }, 'grudge', '{"n1":["n2"]}'],
  [null, undefined, 'null'],
];

test('every kind of mistake names the fault index, the field and the value', () => {
  for (const [entry, field, shown] of bad) {
    const schedule = [ok, ok, entry];
    try {
      validate(schedule, topology);
      assert.unreachable(`accepted ${JSON.stringify(entry)}`);
    } catch (error) {
      if (!(error instanceof FaultScheduleError)) throw error;
      assert.is(error.index, 2, error.message);
      assert.is(error.field, field, error.message);
      assert.ok(error.message.startsWith('fault #2'), error.message);
      if (field !== undefined) assert.ok(error.message.includes(`field "${field}"`), error.message);
      assert.ok(error.message.includes(shown), `${error.message} should show ${shown}`);
    }
  }
});

test('a schedule that is not an array, or not JSON, is refused as a whole', () => {
  assert.throws(() => validate({ at: 0 }, topology), (e: unknown) => e instanceof FaultScheduleError && e.index === undefined);
  assert.throws(() => parseSchedule('[{', topology), /not JSON/);
});

test.run();
