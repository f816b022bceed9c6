/** A plain seeded generator for long soak runs: same rng sequence, same schedule. No shrinking. */
import type { FaultSchedule, NodeId, Topology } from './types.js';
import { resolveOptions, type EpisodeKind, type ResolvedOptions, type ScheduleOptions } from './options.js';
import { episodesToSchedule, type Episode } from './episodes.js';
import { pick, pickWeighted, randInt, shuffle, type RandomFn } from './random.js';
import { LINK_PARAM_KEYS } from './types.js';

function soakEpisode(rng: RandomFn, o: ResolvedOptions, kind: EpisodeKind): Episode {
  const startUs = randInt(rng, o.startUs, o.endUs - 1);
  const durationUs = randInt(rng, o.minDurationUs, o.maxDurationUs);
  const clockNode = (): NodeId => pick(rng, o.clockNodes);
  switch (kind) {
    case 'partition':
      return { kind, startUs, durationUs, shape: pick(rng, o.partitionShapes), nodes: shuffle(rng, o.partitionNodes) };
    case 'crash':
      return { kind, startUs, durationUs, node: pick(rng, o.crashNodes) };
    case 'pause':
      return { kind, startUs, durationUs, node: pick(rng, o.pauseNodes) };
    case 'clock-drift':
      return { kind, startUs, durationUs, node: clockNode(), ppm: randInt(rng, -o.driftPpmMax, o.driftPpmMax) };
    case 'clock-jump':
      return { kind, startUs, durationUs, node: clockNode(), deltaMs: randInt(rng, -o.clockJumpMsMax, o.clockJumpMsMax), back: rng() < 0.5 };
    case 'clock-strobe':
      return { kind, startUs, durationUs, node: clockNode(), deltaMs: randInt(rng, 1, o.clockJumpMsMax), pairs: randInt(rng, 1, o.strobePairsMax) };
    case 'link': {
      const ends: (NodeId | '*')[] = ['*', ...o.linkNodes];
      const params: Record<string, number> = {};
      // Each parameter changes with probability 1/2; at least one always does.
      const chosen = LINK_PARAM_KEYS.filter(() => rng() < 0.5);
      for (const key of chosen.length > 0 ? chosen : [pick(rng, LINK_PARAM_KEYS)]) {
        params[key] =
          key === 'latencyMs' ? randInt(rng, 0, o.linkLatencyMsMax)
          : key === 'jitterMs' ? randInt(rng, 0, o.linkJitterMsMax)
          : randInt(rng, 0, Math.floor((key === 'loss' ? o.linkLossMax : key === 'duplicate' ? o.linkDuplicateMax : o.linkReorderMax) * 1000)) / 1000;
      }
      return { kind, startUs, durationUs, from: pick(rng, ends), to: pick(rng, ends), params };
    }
  }
}

/**
 * Between maxFaults/2 and maxFaults episodes of the enabled kinds (by weight), spread over the window
 * and ending healed, like `scheduleArbitrary`. `rng` returns numbers in [0, 1).
 */
export function soakSchedule(rng: RandomFn, topology: Topology, options: ScheduleOptions): FaultSchedule {
  const o = resolveOptions(topology, options);
  if (o.kinds.length === 0 || o.maxFaults === 0) return [];
  const count = randInt(rng, Math.ceil(o.maxFaults / 2), o.maxFaults);
  const kinds = o.kinds.map((kind) => ({ item: kind, weight: o.weights[kind] }));
  const episodes: Episode[] = [];
  for (let i = 0; i < count; i++) episodes.push(soakEpisode(rng, o, pickWeighted(rng, kinds)));
  return episodesToSchedule(episodes, o) as FaultSchedule; // soak draws no triggered episodes: every fault is timed
}
