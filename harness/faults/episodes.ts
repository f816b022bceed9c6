/**
 * Episodes are how generators think about faults: a start, a duration and what happens. Each maps to
 * a fault and the fault that undoes it (partition -> heal, crash -> restart, ...), all inside the
 * nemesis window, so shrinking an episode list gives fewer faults, shorter ones and earlier heals, and
 * every generated schedule ends healed.
 */
import type { LinkParams } from '../sim/types.js';
import type { Fault, FaultAction, NodeId, Schedule, Trigger, TriggeredFault } from './types.js';
import type { EpisodeKind, ResolvedOptions, RuleShape } from './options.js';
import { partitionFault } from './partitions.js';

interface Timing {
  startUs: number;
  durationUs: number;
  /** Hung on a protocol point: the episode starts `afterUs` after the trigger, and `startUs` is unused. */
  trigger?: Trigger & { afterUs: number };
}

export type Episode = Timing &
  (
    | { kind: 'partition'; shape: RuleShape; nodes: NodeId[] }
    | { kind: 'crash' | 'pause'; node: NodeId }
    | { kind: 'clock-drift'; node: NodeId; ppm: number }
    /** `back`: jump back by the same amount at the end of the episode. */
    | { kind: 'clock-jump'; node: NodeId; deltaMs: number; back: boolean }
    /** `pairs`: forward/back flips, spread evenly over the episode. */
    | { kind: 'clock-strobe'; node: NodeId; deltaMs: number; pairs: number }
    | { kind: 'link'; from: NodeId | '*'; to: NodeId | '*'; params: Partial<LinkParams> }
  );

/** Fails to compile if Episode and EPISODE_KINDS drift apart. */
export type EpisodeKindsMatch = [Episode['kind'], EpisodeKind] extends [EpisodeKind, Episode['kind']] ? true : never;

/** What two episodes must not share at the same time (undefined: may overlap freely). */
function resource(e: Episode): string | undefined {
  switch (e.kind) {
    case 'partition':
      return 'net'; // one grudge for the whole network: a second partition would replace the first
    case 'link':
      return 'links'; // link-reset restores every link
    case 'crash':
    case 'pause':
      return `proc:${e.node}`;
    case 'clock-drift':
      return `drift:${e.node}`;
    case 'clock-jump':
    case 'clock-strobe':
      return undefined; // clock steps add up, and each undoes its own
  }
}

const isDown = (e: Episode): boolean => e.kind === 'crash' || e.kind === 'pause';

function faultsOf(e: Episode, startUs: number, endUs: number): Fault[] {
  switch (e.kind) {
    case 'partition':
      return [partitionFault(startUs, e.shape, e.nodes), { at: endUs, kind: 'heal' }];
    case 'crash':
      return [{ at: startUs, kind: 'crash', node: e.node }, { at: endUs, kind: 'restart', node: e.node }];
    case 'pause':
      return [{ at: startUs, kind: 'pause', node: e.node }, { at: endUs, kind: 'resume', node: e.node }];
    case 'clock-drift':
      return [
        { at: startUs, kind: 'clock-drift', node: e.node, ppm: e.ppm },
        { at: endUs, kind: 'clock-drift', node: e.node, ppm: 0 },
      ];
    case 'clock-jump': {
      const jump: Fault = { at: startUs, kind: 'clock-jump', node: e.node, deltaMs: e.deltaMs };
      return e.back ? [jump, { at: endUs, kind: 'clock-jump', node: e.node, deltaMs: -e.deltaMs }] : [jump];
    }
    case 'clock-strobe': {
      const lengthUs = endUs - startUs;
      const pairs = Math.min(e.pairs, Math.floor(lengthUs / 2));
      if (pairs < 1) return [];
      const periodUs = Math.floor(lengthUs / (2 * pairs));
      return [
        {
          at: startUs,
          kind: 'clock-strobe',
          node: e.node,
          deltaMs: e.deltaMs,
          periodMs: periodUs / 1000,
          durationMs: (2 * pairs * periodUs) / 1000,
        },
      ];
    }
    case 'link':
      return [{ at: startUs, kind: 'link', from: e.from, to: e.to, ...e.params }, { at: endUs, kind: 'link-reset' }];
  }
}

/** A triggered episode's faults: each `afterUs` after the trigger, by its offset from the episode's start. */
function triggeredFaultsOf(e: Episode, trigger: Trigger & { afterUs: number }): TriggeredFault[] {
  const { afterUs, ...on } = trigger;
  return faultsOf(e, 0, Math.max(1, e.durationUs)).map((f) => {
    const { at, ...action } = f;
    return { ...(action as FaultAction), on, afterUs: afterUs + at } as TriggeredFault;
  });
}

/**
 * Clamps episodes into the window, drops those that clash with an earlier-starting one (same
 * resource, or more than `maxDown` nodes down), and flattens the rest into a schedule sorted by time.
 * Triggered episodes follow, in episode order; their times are known only when they fire, so they are
 * not checked for clashes (the kernel copes: a crash of a crashed node does nothing, and so on).
 * A pure function of its input, so fast-check's shrinking flows straight through it.
 */
export function episodesToSchedule(episodes: readonly Episode[], options: ResolvedOptions): Schedule {
  const triggered = episodes.flatMap((e) => (e.trigger === undefined ? [] : triggeredFaultsOf(e, e.trigger)));
  const clamped = episodes
    .filter((e) => e.trigger === undefined)
    .map((e, index) => {
      const startUs = Math.min(Math.max(e.startUs, options.startUs), options.endUs - 1);
      const endUs = Math.min(startUs + Math.max(1, e.durationUs), options.endUs);
      return { e, index, startUs, endUs };
    })
    .sort((a, b) => a.startUs - b.startUs || a.index - b.index);
  const kept: typeof clamped = [];
  for (const c of clamped) {
    const overlapping = kept.filter((k) => k.startUs < c.endUs && c.startUs < k.endUs);
    const key = resource(c.e);
    if (key !== undefined && overlapping.some((k) => resource(k.e) === key)) continue;
    if (isDown(c.e) && overlapping.filter((k) => isDown(k.e)).length >= options.maxDown) continue;
    kept.push(c);
  }
  // Emitted in start order, so an episode's undoing at time t precedes a same-resource start at t.
  const faults = kept.flatMap((c) => faultsOf(c.e, c.startUs, c.endUs));
  return [...faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f), ...triggered];
}
