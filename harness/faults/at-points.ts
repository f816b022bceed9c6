/** Schedule options for faults hung on protocol points only, as a scenario's `nemesis.triggered` takes them. */
import type { EpisodeKind, ScheduleOptions, TriggerPointOption } from './options.js';
import type { NodeId } from './types.js';

export interface FaultsAtPoints {
  /** The points (`ctx.point` / `ctx.cover` names) the faults hang on. */
  points: readonly string[];
  /** Nodes whose reports count (default: any node's); a drawn trigger may also be the victim's own report. */
  reporters?: readonly NodeId[];
  /** Up to which occurrence of a point a trigger may wait for (default 3). */
  maxOccurrence?: number;
  kinds: readonly EpisodeKind[];
  /** Nodes the faults hit (crashed, paused, partitioned, clocks changed). */
  victims: readonly NodeId[];
  /** How long each fault lasts before it is undone. */
  durationMs: { min: number; max: number };
  /** Longest delay from the point to the fault (default 20 ms). */
  maxDelayMs?: number;
  /** At most this many faults (default 1). */
  maxFaults?: number;
  /** Clock jumps up to this far (clock-jump kind). */
  clockJumpMsMax?: number;
}

/** Only triggered episodes (no timed ones) of `kinds` on `victims`, each hung on one of `points`. */
export function faultsAtPoints(o: FaultsAtPoints): Omit<ScheduleOptions, 'startUs' | 'endUs'> {
  const triggerPoints: TriggerPointOption[] = o.points.map((point) => ({
    point,
    ...(o.reporters !== undefined ? { nodes: o.reporters } : {}),
    ...(o.maxOccurrence !== undefined ? { maxOccurrence: o.maxOccurrence } : {}),
  }));
  return {
    kinds: o.kinds,
    crashNodes: o.victims,
    pauseNodes: o.victims,
    clockNodes: o.victims,
    linkNodes: o.victims,
    partitionNodes: o.victims,
    triggerPoints,
    timedWeight: 0,
    maxFaults: o.maxFaults ?? 1,
    maxTriggerDelayUs: Math.round((o.maxDelayMs ?? 20) * 1000),
    minDurationUs: Math.max(1, Math.round(o.durationMs.min * 1000)),
    maxDurationUs: Math.max(1, Math.round(o.durationMs.max * 1000)),
    ...(o.clockJumpMsMax !== undefined ? { clockJumpMsMax: o.clockJumpMsMax } : {}),
  };
}
