/**
 * Swarm testing (TigerBeetle's VOPR): the seed picks the weather as well as the faults, so different
 * seeds explore a quiet network, a flaky one, a partition-heavy one, and so on, instead of every run
 * getting the same thin mix of everything.
 */
import fc from 'fast-check';
import { Rng } from '../sim/rng.js';
import type { Schedule, Topology } from './types.js';
import { EPISODE_KINDS, RULE_SHAPES, type EpisodeKind, type ScheduleOptions } from './options.js';
import { scheduleArbitrary } from './arbitrary.js';
import { pick, randInt, type RandomFn } from './random.js';

export const SWARM_PROFILES = ['quiet', 'flaky-network', 'partition-heavy', 'crash-restart', 'clock-chaos', 'protocol-points', 'everything'] as const;
export type SwarmProfileName = (typeof SWARM_PROFILES)[number];

/** The fault mix a profile sets; node eligibility and the window stay the caller's. */
export type FaultMix = Pick<
  ScheduleOptions,
  | 'kinds'
  | 'weights'
  | 'partitionShapes'
  | 'clockJumpMsMax'
  | 'driftPpmMax'
  | 'strobePairsMax'
  | 'linkLatencyMsMax'
  | 'linkJitterMsMax'
  | 'linkLossMax'
  | 'linkDuplicateMax'
  | 'linkReorderMax'
  | 'triggerWeight'
  | 'maxTriggerDelayUs'
>;

export interface SwarmProfile {
  name: SwarmProfileName;
  /** Share of the base options' maxFaults this profile uses, in (0, 1]. */
  intensity: number;
  mix: FaultMix;
}

/** A rate in [min, max] rounded to thousandths, so profiles print short. */
const rate = (rng: RandomFn, min: number, max: number): number => Math.round((min + rng() * (max - min)) * 1000) / 1000;

function randomWeights(rng: RandomFn, kinds: readonly EpisodeKind[]): Partial<Record<EpisodeKind, number>> {
  const weights: Partial<Record<EpisodeKind, number>> = {};
  for (const kind of kinds) weights[kind] = randInt(rng, 1, 5);
  return weights;
}

/** Builds the named profile, drawing its rates from `rng`. */
export function buildProfile(name: SwarmProfileName, rng: RandomFn): SwarmProfile {
  switch (name) {
    case 'quiet':
      // Latency bumps only: the baseline a liveness check must always pass.
      return {
        name,
        intensity: rate(rng, 0.1, 0.3),
        mix: { kinds: ['link'], linkLatencyMsMax: randInt(rng, 1, 20), linkJitterMsMax: randInt(rng, 0, 5), linkLossMax: 0, linkDuplicateMax: 0, linkReorderMax: 0 },
      };
    case 'flaky-network':
      return {
        name,
        intensity: rate(rng, 0.5, 1),
        mix: {
          kinds: ['link'],
          linkLatencyMsMax: randInt(rng, 20, 500),
          linkJitterMsMax: randInt(rng, 5, 200),
          linkLossMax: rate(rng, 0.05, 0.5),
          linkDuplicateMax: rate(rng, 0, 0.3),
          linkReorderMax: rate(rng, 0, 0.5),
        },
      };
    case 'partition-heavy': {
      const shapes = RULE_SHAPES.filter((s) => s === 'halves' || rng() < 0.6);
      return { name, intensity: rate(rng, 0.5, 1), mix: { kinds: ['partition', 'link'], weights: { partition: randInt(rng, 4, 10), link: 1 }, partitionShapes: shapes } };
    }
    case 'crash-restart':
      return { name, intensity: rate(rng, 0.3, 1), mix: { kinds: ['crash', 'pause'], weights: randomWeights(rng, ['crash', 'pause']) } };
    case 'clock-chaos':
      return {
        name,
        intensity: rate(rng, 0.3, 1),
        mix: {
          kinds: ['clock-jump', 'clock-strobe', 'clock-drift'],
          weights: randomWeights(rng, ['clock-jump', 'clock-strobe', 'clock-drift']),
          clockJumpMsMax: randInt(rng, 1000, 60_000),
          driftPpmMax: randInt(rng, 100, 2000),
          strobePairsMax: randInt(rng, 1, 20),
        },
      };
    case 'protocol-points':
      // Crashes, pauses and partitions hung mostly on the scenario's trigger points (timed ones without any).
      return {
        name,
        intensity: rate(rng, 0.3, 1),
        mix: {
          kinds: ['crash', 'pause', 'partition'],
          weights: randomWeights(rng, ['crash', 'pause', 'partition']),
          triggerWeight: randInt(rng, 3, 10),
          maxTriggerDelayUs: randInt(rng, 1_000, 100_000),
        },
      };
    case 'everything':
      return { name, intensity: rate(rng, 0.3, 1), mix: { kinds: [...EPISODE_KINDS], weights: randomWeights(rng, EPISODE_KINDS) } };
  }
}

/** Picks a profile and its rates from `rng` (one per seed). */
export function swarmProfile(rng: RandomFn): SwarmProfile {
  return buildProfile(pick(rng, SWARM_PROFILES), rng);
}

/**
 * The base options with the profile's mix laid over them and maxFaults scaled by its intensity; the
 * base's trigger points stay, so every profile mixes triggered faults in. Kinds the base leaves out stay out (a scenario that cannot model clocks gets no clock faults), so a
 * profile may end up with no kinds at all: a fault-free run, which is a fine swarm member too.
 */
export function withProfile(base: ScheduleOptions, profile: SwarmProfile): ScheduleOptions {
  const maxFaults = base.maxFaults ?? 6;
  const kinds = (profile.mix.kinds ?? EPISODE_KINDS).filter((k) => base.kinds === undefined || base.kinds.includes(k));
  return { ...base, ...profile.mix, kinds, maxFaults: Math.max(maxFaults > 0 ? 1 : 0, Math.round(maxFaults * profile.intensity)) };
}

/** fast-check picks the profile (shrinking towards 'quiet') and the rates, then the schedule. */
export function swarmProfileArbitrary(): fc.Arbitrary<SwarmProfile> {
  return fc
    .tuple(fc.constantFrom(...SWARM_PROFILES), fc.integer({ min: 0, max: 0x7fffffff }))
    .map(([name, seed]) => {
      const rng = new Rng(seed, 'swarm');
      return buildProfile(name, () => rng.next());
    });
}

export function swarmScheduleArbitrary(topology: Topology, baseOptions: ScheduleOptions): fc.Arbitrary<Schedule> {
  return swarmProfileArbitrary().chain((profile) => scheduleArbitrary(topology, withProfile(baseOptions, profile)));
}
