/** What the schedule generators (fast-check arbitrary, soak, swarm) may produce, and their defaults. */
import { allNodes, type NodeId, type PartitionShape, type Topology } from './types.js';
import { MIN_NODES } from './partitions.js';

/** Faults are generated as episodes: a start and a duration, each mapped to a fault and its undoing. */
export const EPISODE_KINDS = ['partition', 'crash', 'pause', 'clock-drift', 'clock-jump', 'clock-strobe', 'link'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

export type RuleShape = Exclude<PartitionShape, 'custom'>;
export const RULE_SHAPES: readonly RuleShape[] = ['halves', 'isolate', 'majority-ring', 'bridge', 'one-way'];

export interface ScheduleOptions {
  /** The nemesis window, µs of true time: every episode starts and ends inside [startUs, endUs]. */
  startUs: number;
  endUs: number;
  /** Enabled episode kinds (default: all that have eligible nodes). */
  kinds?: readonly EpisodeKind[];
  /** Relative frequencies (integers; default 1 each; 0 disables). */
  weights?: Partial<Record<EpisodeKind, number>>;
  /** At most this many episodes (default 6); episodes that clash with earlier ones are dropped. */
  maxFaults?: number;
  /**
   * Episode length bounds, µs. Defaults: 100 ms (shorter faults rarely outlast a message round trip,
   * so they mostly test nothing) and the whole window.
   */
  minDurationUs?: number;
  maxDurationUs?: number;
  /** Nodes partitions are built over: 'servers' (default), 'all' (servers and clients) or a list. */
  partitionNodes?: 'servers' | 'all' | readonly NodeId[];
  partitionShapes?: readonly RuleShape[];
  /** Eligible nodes per kind (default: servers). */
  crashNodes?: readonly NodeId[];
  pauseNodes?: readonly NodeId[];
  clockNodes?: readonly NodeId[];
  /** Link endpoints besides '*' (default: servers). */
  linkNodes?: readonly NodeId[];
  /** At most this many nodes crashed or paused at once (default: unbounded). */
  maxDown?: number;
  clockJumpMsMax?: number;
  driftPpmMax?: number;
  strobePairsMax?: number;
  linkLatencyMsMax?: number;
  linkJitterMsMax?: number;
  linkLossMax?: number;
  linkDuplicateMax?: number;
  linkReorderMax?: number;
  /**
   * Protocol points (`ctx.point` / `ctx.cover` names) episodes may hang on instead of a start time: the
   * episode starts a drawn delay after the k-th report of the point (see Trigger). None by default.
   */
  triggerPoints?: readonly (string | TriggerPointOption)[];
  /** Weight of episodes hung on trigger points when triggerPoints is set (default 1; 0: none). */
  triggerWeight?: number;
  /** Weight of timed episodes against triggered ones (default 1; 0 with trigger points: every episode is triggered). */
  timedWeight?: number;
  /** Longest delay from a trigger to its episode's start, µs (default 50 ms: protocol windows are short). */
  maxTriggerDelayUs?: number;
}

/** A point triggered episodes may hang on: which nodes' reports count (default: any node's), up to which occurrence (default 3). */
export interface TriggerPointOption {
  point: string;
  nodes?: readonly NodeId[];
  maxOccurrence?: number;
}

export interface ResolvedTriggerPoint {
  point: string;
  nodes: NodeId[];
  maxOccurrence: number;
}

export interface ResolvedOptions {
  startUs: number;
  endUs: number;
  /** Only kinds with a positive weight and eligible nodes. */
  kinds: EpisodeKind[];
  weights: Record<EpisodeKind, number>;
  maxFaults: number;
  minDurationUs: number;
  maxDurationUs: number;
  partitionNodes: NodeId[];
  partitionShapes: RuleShape[];
  crashNodes: NodeId[];
  pauseNodes: NodeId[];
  clockNodes: NodeId[];
  linkNodes: NodeId[];
  maxDown: number;
  clockJumpMsMax: number;
  driftPpmMax: number;
  strobePairsMax: number;
  linkLatencyMsMax: number;
  linkJitterMsMax: number;
  linkLossMax: number;
  linkDuplicateMax: number;
  linkReorderMax: number;
  triggerPoints: ResolvedTriggerPoint[];
  triggerWeight: number;
  timedWeight: number;
  maxTriggerDelayUs: number;
}

/** Bounds on what a caller may ask for (put a limit on everything). */
export const MAX_EPISODES = 10_000;

function intIn(name: string, v: number, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`schedule options: ${name} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

function numIn(name: string, v: number, min: number, max: number): number {
  if (!Number.isFinite(v) || v < min || v > max) throw new RangeError(`schedule options: ${name} must be in [${min}, ${max}], got ${v}`);
  return v;
}

export function resolveOptions(topology: Topology, options: ScheduleOptions): ResolvedOptions {
  const known = new Set(allNodes(topology));
  const nodes = (name: string, list: readonly NodeId[] | undefined): NodeId[] => {
    const out = [...(list ?? topology.servers)];
    for (const id of out) if (!known.has(id)) throw new RangeError(`schedule options: ${name} names unknown node ${JSON.stringify(id)}`);
    return out;
  };
  const startUs = intIn('startUs', options.startUs, 0, Number.MAX_SAFE_INTEGER);
  const endUs = intIn('endUs', options.endUs, startUs + 1, Number.MAX_SAFE_INTEGER);
  const windowUs = endUs - startUs;
  const minDurationUs = intIn('minDurationUs', options.minDurationUs ?? Math.min(100_000, windowUs), 1, windowUs);
  const maxDurationUs = intIn('maxDurationUs', options.maxDurationUs ?? windowUs, minDurationUs, Number.MAX_SAFE_INTEGER);

  const pn = options.partitionNodes ?? 'servers';
  const partitionNodes = nodes('partitionNodes', pn === 'servers' ? topology.servers : pn === 'all' ? allNodes(topology) : pn);
  const partitionShapes = (options.partitionShapes ?? RULE_SHAPES).filter((s) => partitionNodes.length >= MIN_NODES[s]);
  const resolved: Omit<ResolvedOptions, 'kinds' | 'weights'> = {
    startUs,
    endUs,
    maxFaults: intIn('maxFaults', options.maxFaults ?? 6, 0, MAX_EPISODES),
    minDurationUs,
    maxDurationUs,
    partitionNodes,
    partitionShapes,
    crashNodes: nodes('crashNodes', options.crashNodes),
    pauseNodes: nodes('pauseNodes', options.pauseNodes),
    clockNodes: nodes('clockNodes', options.clockNodes),
    linkNodes: nodes('linkNodes', options.linkNodes),
    maxDown: options.maxDown === undefined ? Number.POSITIVE_INFINITY : intIn('maxDown', options.maxDown, 0, MAX_EPISODES),
    clockJumpMsMax: intIn('clockJumpMsMax', options.clockJumpMsMax ?? 30_000, 1, 1e12),
    driftPpmMax: intIn('driftPpmMax', options.driftPpmMax ?? 500, 1, 999_999),
    strobePairsMax: intIn('strobePairsMax', options.strobePairsMax ?? 10, 1, 1000),
    linkLatencyMsMax: intIn('linkLatencyMsMax', options.linkLatencyMsMax ?? 200, 0, 1e9),
    linkJitterMsMax: intIn('linkJitterMsMax', options.linkJitterMsMax ?? 100, 0, 1e9),
    linkLossMax: numIn('linkLossMax', options.linkLossMax ?? 0.5, 0, 1),
    linkDuplicateMax: numIn('linkDuplicateMax', options.linkDuplicateMax ?? 0.2, 0, 1),
    linkReorderMax: numIn('linkReorderMax', options.linkReorderMax ?? 0.5, 0, 1),
    triggerPoints: (options.triggerPoints ?? []).map((t, i) => {
      const p = typeof t === 'string' ? { point: t } : t;
      if (typeof p.point !== 'string' || p.point === '') throw new RangeError(`schedule options: triggerPoints[${i}] needs a point name, got ${JSON.stringify(p.point)}`);
      return {
        point: p.point,
        nodes: nodes(`triggerPoints[${i}].nodes`, p.nodes ?? []),
        maxOccurrence: intIn(`triggerPoints[${i}].maxOccurrence`, p.maxOccurrence ?? 3, 1, MAX_EPISODES),
      };
    }),
    triggerWeight: intIn('triggerWeight', options.triggerWeight ?? 1, 0, 1_000_000),
    timedWeight: intIn('timedWeight', options.timedWeight ?? 1, 0, 1_000_000),
    maxTriggerDelayUs: intIn('maxTriggerDelayUs', options.maxTriggerDelayUs ?? 50_000, 0, Number.MAX_SAFE_INTEGER),
  };
  const eligible: Record<EpisodeKind, boolean> = {
    partition: partitionShapes.length > 0,
    crash: resolved.crashNodes.length > 0,
    pause: resolved.pauseNodes.length > 0,
    'clock-drift': resolved.clockNodes.length > 0,
    'clock-jump': resolved.clockNodes.length > 0,
    'clock-strobe': resolved.clockNodes.length > 0,
    link: true,
  };
  const weights = {} as Record<EpisodeKind, number>;
  for (const kind of EPISODE_KINDS) weights[kind] = intIn(`weights.${kind}`, options.weights?.[kind] ?? 1, 0, 1_000_000);
  const enabled = options.kinds ?? EPISODE_KINDS;
  for (const kind of enabled) if (!EPISODE_KINDS.includes(kind)) throw new RangeError(`schedule options: unknown kind ${JSON.stringify(kind)}`);
  const kinds = EPISODE_KINDS.filter((k) => enabled.includes(k) && weights[k] > 0 && eligible[k]);
  return { ...resolved, kinds, weights };
}
