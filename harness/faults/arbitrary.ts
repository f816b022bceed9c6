/**
 * fast-check arbitraries for fault schedules. Built from fc.record / fc.array / map only, so shrinking
 * flows through: fewer episodes, earlier starts, shorter durations, smaller jumps and rates, and for
 * episodes hung on protocol points, earlier occurrences and shorter delays.
 */
import fc from 'fast-check';
import type { LinkParams } from '../sim/types.js';
import type { Fault, FaultSchedule, NodeId, Schedule, Topology, Trigger } from './types.js';
import { resolveOptions, type EpisodeKind, type ResolvedOptions, type ScheduleOptions } from './options.js';
import { episodesToSchedule, type Episode } from './episodes.js';

/** A probability as a whole number of thousandths, so values print short and survive JSON exactly. */
function probability(max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: Math.floor(max * 1000) }).map((k) => k / 1000);
}

function linkParams(o: ResolvedOptions): fc.Arbitrary<Partial<LinkParams>> {
  return fc
    .record(
      {
        latencyMs: fc.integer({ min: 0, max: o.linkLatencyMsMax }),
        jitterMs: fc.integer({ min: 0, max: o.linkJitterMsMax }),
        loss: probability(o.linkLossMax),
        duplicate: probability(o.linkDuplicateMax),
        reorder: probability(o.linkReorderMax),
      },
      { requiredKeys: [] },
    )
    .filter((p) => Object.keys(p).length > 0);
}

/** Stands for "the node the episode hits" in a drawn trigger, so a fault can hang on its own victim's report. */
const VICTIM = Symbol('victim');

/**
 * A trigger for an episode: a point, whose node's reports count (any node, the episode's own node, or
 * one of the point's nodes), which occurrence and the delay. Shrinks to any node, the first
 * occurrence, no delay.
 */
function triggerArbitrary(o: ResolvedOptions): fc.Arbitrary<{ point: string; node: NodeId | undefined | typeof VICTIM; occurrence: number; afterUs: number }> {
  return fc.oneof(...o.triggerPoints.map((p) =>
    fc.record({
      point: fc.constant(p.point),
      node: fc.constantFrom<NodeId | undefined | typeof VICTIM>(undefined, VICTIM, ...p.nodes),
      occurrence: fc.integer({ min: 1, max: p.maxOccurrence }),
      afterUs: fc.integer({ min: 0, max: o.maxTriggerDelayUs }),
    })));
}

/** The episode's node, if it hits one. */
function victimOf(e: Episode): NodeId | undefined {
  return 'node' in e ? e.node : undefined;
}

/**
 * Timed episodes, and with trigger points, also episodes hung on them (by `triggerWeight`); a trigger
 * drawn as "the victim's own report" names the episode's node, or any node for an episode without one.
 */
function timedOrTriggered(o: ResolvedOptions, timed: fc.Arbitrary<Episode>): fc.Arbitrary<Episode> {
  if (o.triggerPoints.length === 0 || o.triggerWeight === 0) return timed;
  const triggered = fc.tuple(timed, triggerArbitrary(o)).map(([e, t]): Episode => {
    const node = t.node === VICTIM ? victimOf(e) : t.node;
    const trigger: Trigger & { afterUs: number } = { point: t.point, occurrence: t.occurrence, afterUs: t.afterUs, ...(node !== undefined ? { node } : {}) };
    return { ...e, startUs: o.startUs, trigger };
  });
  if (o.timedWeight === 0) return triggered;
  return fc.oneof({ weight: o.timedWeight, arbitrary: timed }, { weight: o.triggerWeight, arbitrary: triggered });
}

/** One episode of each enabled kind. */
function episodeArbitraries(o: ResolvedOptions): Record<EpisodeKind, () => fc.Arbitrary<Episode>> {
  const startUs = fc.integer({ min: o.startUs, max: o.endUs - 1 });
  const durationUs = fc.integer({ min: o.minDurationUs, max: o.maxDurationUs });
  const node = (ids: readonly NodeId[]): fc.Arbitrary<NodeId> => fc.constantFrom(...ids);
  const jumpMs = fc.integer({ min: -o.clockJumpMsMax, max: o.clockJumpMsMax });
  return {
    partition: () =>
      fc.record({
        kind: fc.constant('partition' as const),
        startUs,
        durationUs,
        shape: fc.constantFrom(...o.partitionShapes),
        nodes: fc.shuffledSubarray(o.partitionNodes, { minLength: o.partitionNodes.length, maxLength: o.partitionNodes.length }),
      }),
    crash: () => fc.record({ kind: fc.constant('crash' as const), startUs, durationUs, node: node(o.crashNodes) }),
    pause: () => fc.record({ kind: fc.constant('pause' as const), startUs, durationUs, node: node(o.pauseNodes) }),
    'clock-drift': () =>
      fc.record({
        kind: fc.constant('clock-drift' as const),
        startUs,
        durationUs,
        node: node(o.clockNodes),
        ppm: fc.integer({ min: -o.driftPpmMax, max: o.driftPpmMax }),
      }),
    'clock-jump': () =>
      fc.record({ kind: fc.constant('clock-jump' as const), startUs, durationUs, node: node(o.clockNodes), deltaMs: jumpMs, back: fc.boolean() }),
    'clock-strobe': () =>
      fc.record({
        kind: fc.constant('clock-strobe' as const),
        startUs,
        durationUs,
        node: node(o.clockNodes),
        deltaMs: fc.integer({ min: 1, max: o.clockJumpMsMax }),
        pairs: fc.integer({ min: 1, max: o.strobePairsMax }),
      }),
    link: () =>
      fc.record({
        kind: fc.constant('link' as const),
        startUs,
        durationUs,
        from: fc.constantFrom<NodeId | '*'>('*', ...o.linkNodes),
        to: fc.constantFrom<NodeId | '*'>('*', ...o.linkNodes),
        params: linkParams(o),
      }),
  };
}

/** Episodes before they become faults: useful to generate, inspect or combine at the episode level. */
export function episodeListArbitrary(topology: Topology, options: ScheduleOptions): fc.Arbitrary<Episode[]> {
  const o = resolveOptions(topology, options);
  if (o.kinds.length === 0 || o.maxFaults === 0) return fc.constant([]);
  const byKind = episodeArbitraries(o);
  const episode = fc.oneof(...o.kinds.map((kind) => ({ arbitrary: timedOrTriggered(o, byKind[kind]()), weight: o.weights[kind] })));
  return fc.array(episode, { maxLength: o.maxFaults });
}

/**
 * Fault schedules for `topology`: every one validates, its timed faults are sorted by time and end
 * healed inside the window (crashed nodes restarted, paused ones resumed, partitions healed, links
 * reset, drift zeroed; a clock jump may stay, as in real life), and triggered ones follow (the runner
 * heals whatever they leave open at the end of the window).
 */
export function scheduleArbitrary(topology: Topology, options: ScheduleOptions): fc.Arbitrary<Schedule> {
  const o = resolveOptions(topology, options);
  return episodeListArbitrary(topology, options).map((episodes) => episodesToSchedule(episodes, o));
}

/** Bounds of one node's pause in `pauseEachOnceArbitrary`, in ms. */
export interface PauseEachOnceOptions {
  /** When the pause starts, after the window's start. */
  startMs: { min: number; max: number };
  durationMs: { min: number; max: number };
  /** Leave a node's pause out with fc.option at this freq (one draw in `freq` is none); absent: every node is paused. */
  optionalFreq?: number;
}

/**
 * Each of `nodes` paused once (then resumed), sorted by time: whichever node is mid-work then is the
 * victim. Shrinks to earlier, shorter pauses (and, with `optionalFreq`, fewer of them).
 */
export function pauseEachOnceArbitrary(nodes: readonly NodeId[], startUs: number, options: PauseEachOnceOptions): fc.Arbitrary<FaultSchedule> {
  const each = (): fc.Arbitrary<{ startMs: number; durationMs: number } | null> => {
    const pause = fc.record({
      startMs: fc.integer({ min: options.startMs.min, max: options.startMs.max }),
      durationMs: fc.integer({ min: options.durationMs.min, max: options.durationMs.max }),
    });
    return options.optionalFreq === undefined ? pause : fc.option(pause, { nil: null, freq: options.optionalFreq });
  };
  return fc
    .tuple(...nodes.map(each))
    .map((pauses): FaultSchedule =>
      pauses
        .flatMap((p, i): Fault[] => {
          if (p === null) return [];
          const node = nodes[i]!;
          const at = startUs + p.startMs * 1000;
          return [{ at, kind: 'pause', node }, { at: at + p.durationMs * 1000, kind: 'resume', node }];
        })
        .sort((a, b) => a.at - b.at));
}
