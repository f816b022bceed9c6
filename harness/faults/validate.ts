/**
 * Checks a schedule before it runs, so a typo in a hand-written or stored schedule fails loudly with
 * the fault index, the field and the bad value, instead of as an odd trace three minutes later.
 */
import {
  allNodes,
  FAULT_KINDS,
  LINK_PARAM_KEYS,
  PARTITION_SHAPES,
  type FaultKind,
  type PartitionShape,
  type Schedule,
  type Topology,
} from './types.js';
import { MIN_NODES, sameGrudge, shapeGrudge } from './partitions.js';

/** A strobe may flip the clock at most this many times (every loop has a bound). */
export const MAX_STROBE_FLIPS = 10_000;

export class FaultScheduleError extends Error {
  /** Index of the bad fault in the schedule, or undefined when the schedule itself is bad. */
  readonly index: number | undefined;
  readonly field: string | undefined;
  readonly value: unknown;

  constructor(index: number | undefined, field: string | undefined, value: unknown, problem: string, kind?: string) {
    const where =
      index === undefined ? 'fault schedule' : `fault #${index}${kind === undefined ? '' : ` (${kind})`}`;
    super(`${where}${field === undefined ? '' : ` field "${field}"`}: ${problem}, got ${show(value)}`);
    this.name = 'FaultScheduleError';
    this.index = index;
    this.field = field;
    this.value = value;
  }
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

const NODE_FIELDS: Record<FaultKind, readonly string[]> = {
  partition: ['shape', 'nodes', 'grudge', 'replace'],
  heal: [],
  crash: ['node'],
  restart: ['node'],
  pause: ['node'],
  resume: ['node'],
  'clock-drift': ['node', 'ppm'],
  'clock-jump': ['node', 'deltaMs'],
  'clock-strobe': ['node', 'deltaMs', 'periodMs', 'durationMs'],
  link: ['from', 'to', ...LINK_PARAM_KEYS],
  'link-reset': [],
};

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks one fault; `fail(field, value, problem)` throws. */
function checkFault(raw: Record<string, unknown>, known: ReadonlySet<string>, fail: (field: string, value: unknown, problem: string) => never): void {
  const kind = raw.kind as FaultKind;
  const timing = 'on' in raw ? ['on', 'afterUs'] : ['at'];
  for (const key of Object.keys(raw)) {
    if (key !== 'kind' && !timing.includes(key) && !NODE_FIELDS[kind].includes(key)) {
      fail(key, raw[key], key === 'at' ? 'a triggered fault has "afterUs", not "at"' : `unknown field for ${kind}`);
    }
  }
  const node = (field: string, allowStar = false): string => {
    const v = raw[field];
    if (typeof v !== 'string') return fail(field, v, 'expected a node id');
    if (!(known.has(v) || (allowStar && v === '*'))) fail(field, v, allowStar ? "unknown node id (or '*')" : 'unknown node id');
    return v;
  };
  const finite = (field: string): number => {
    const v = raw[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(field, v, 'expected a finite number');
    return v;
  };
  switch (kind) {
    case 'heal':
    case 'link-reset':
      return;
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      node('node');
      return;
    case 'clock-drift': {
      node('node');
      const ppm = finite('ppm');
      if (Math.abs(ppm) >= 1e6) fail('ppm', ppm, 'drift must be within ±1000000 ppm (the clock would stop or run backwards)');
      return;
    }
    case 'clock-jump':
      node('node');
      finite('deltaMs');
      return;
    case 'clock-strobe': {
      node('node');
      finite('deltaMs');
      const periodUs = Math.round(finite('periodMs') * 1000);
      if (periodUs < 1) fail('periodMs', raw.periodMs, 'period must be at least 0.001 ms');
      const durationMs = finite('durationMs');
      const pairs = Math.floor(Math.round(durationMs * 1000) / (2 * periodUs));
      if (pairs < 1) fail('durationMs', durationMs, 'duration must cover at least two periods (one flip forward, one back)');
      if (2 * pairs > MAX_STROBE_FLIPS) fail('durationMs', durationMs, `strobe would flip more than ${MAX_STROBE_FLIPS} times`);
      return;
    }
    case 'link': {
      node('from', true);
      node('to', true);
      let any = false;
      for (const key of LINK_PARAM_KEYS) {
        if (!(key in raw)) continue;
        any = true;
        const v = finite(key);
        if (key === 'latencyMs' || key === 'jitterMs') {
          if (v < 0) fail(key, v, 'expected a number >= 0');
        } else if (v < 0 || v > 1) fail(key, v, 'expected a probability in [0, 1]');
      }
      if (!any) fail('kind', kind, `a link fault needs at least one of ${LINK_PARAM_KEYS.join(', ')}`);
      return;
    }
    case 'partition': {
      if (raw.replace !== undefined && typeof raw.replace !== 'boolean') fail('replace', raw.replace, 'expected true or false');
      const shape = raw.shape;
      if (typeof shape !== 'string' || !(PARTITION_SHAPES as readonly string[]).includes(shape)) {
        fail('shape', shape, `expected one of ${PARTITION_SHAPES.join(', ')}`);
      }
      const nodes = raw.nodes;
      if (!Array.isArray(nodes)) return fail('nodes', nodes, 'expected an array of node ids');
      const seen = new Set<string>();
      nodes.forEach((id: unknown, i) => {
        if (typeof id !== 'string' || !known.has(id)) fail(`nodes[${i}]`, id, 'unknown node id');
        if (seen.has(id)) fail(`nodes[${i}]`, id, 'duplicate node id');
        seen.add(id);
      });
      if (nodes.length < MIN_NODES[shape as PartitionShape]) {
        fail('nodes', nodes, `partition ${String(shape)} needs at least ${MIN_NODES[shape as PartitionShape]} nodes`);
      }
      const grudge = raw.grudge;
      if (!isRecord(grudge)) return fail('grudge', grudge, 'expected a record of node id -> node ids');
      for (const [a, deaf] of Object.entries(grudge)) {
        if (!known.has(a)) fail(`grudge.${a}`, a, 'unknown node id');
        if (!Array.isArray(deaf)) return fail(`grudge.${a}`, deaf, 'expected an array of node ids');
        deaf.forEach((b: unknown, i) => {
          if (typeof b !== 'string' || !known.has(b)) fail(`grudge.${a}[${i}]`, b, 'unknown node id');
          if (b === a) fail(`grudge.${a}[${i}]`, b, 'a node cannot be deaf to itself');
        });
      }
      if (shape !== 'custom' && !sameGrudge(grudge as Record<string, string[]>, shapeGrudge(shape as Exclude<PartitionShape, 'custom'>, nodes as string[]))) {
        fail('grudge', grudge, `does not match shape ${String(shape)} over nodes [${nodes.join(',')}]`);
      }
      return;
    }
  }
}

/** Checks when a fault fires: `at`, or a trigger (`on`) and a delay (`afterUs`). */
function checkTiming(raw: Record<string, unknown>, known: ReadonlySet<string>, fail: (field: string, value: unknown, problem: string) => never): void {
  if (!('on' in raw)) {
    const at = raw.at;
    if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) fail('at', at, 'expected an integer >= 0 (µs of true time)');
    return;
  }
  const on = raw.on;
  if (!isRecord(on)) return fail('on', on, 'expected a trigger { point, node?, occurrence }');
  for (const key of Object.keys(on)) {
    if (key !== 'point' && key !== 'node' && key !== 'occurrence') fail(`on.${key}`, on[key], 'unknown field of a trigger');
  }
  if (typeof on.point !== 'string' || on.point === '') fail('on.point', on.point, 'expected the name of a protocol point');
  if (on.node !== undefined && (typeof on.node !== 'string' || !known.has(on.node))) fail('on.node', on.node, 'unknown node id');
  if (typeof on.occurrence !== 'number' || !Number.isSafeInteger(on.occurrence) || on.occurrence < 1) {
    fail('on.occurrence', on.occurrence, 'expected an integer >= 1 (1 = the first time the point happens)');
  }
  const after = raw.afterUs;
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) fail('afterUs', after, 'expected an integer >= 0 (µs after the trigger)');
}

/** Throws a FaultScheduleError at the first bad fault; every node id must belong to `topology`. */
export function validate(schedule: unknown, topology: Topology): asserts schedule is Schedule {
  if (!Array.isArray(schedule)) throw new FaultScheduleError(undefined, undefined, schedule, 'expected an array of faults');
  const known = new Set(allNodes(topology));
  schedule.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) throw new FaultScheduleError(index, undefined, raw, 'expected an object');
    const kind = raw.kind;
    if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new FaultScheduleError(index, 'kind', kind, `unknown kind, expected one of ${FAULT_KINDS.join(', ')}`);
    }
    const fail = (field: string, value: unknown, problem: string): never => {
      throw new FaultScheduleError(index, field, value, problem, kind);
    };
    checkTiming(raw, known, fail);
    checkFault(raw, known, fail);
  });
}

/** Reads a schedule from a file's contents (JSON text) or parsed JSON; returns a validated copy. */
export function parseSchedule(json: unknown, topology: Topology): Schedule {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new FaultScheduleError(undefined, undefined, json, `not JSON (${(error as Error).message})`);
    }
  }
  validate(data, topology);
  return structuredClone(data);
}
