/** Fault schedules: plain serialisable data, generated so fast-check can shrink them, compiled for the kernel. */
export * from './types.js';
export { cut, deafTo, halves, isolate, bridge, bridgeNode, oneWay, majorityRing, shapeGrudge, partitionFault, randomPartition, customPartition, sameGrudge, hears, MIN_NODES } from './partitions.js';
export { describe, describeAction, describeSchedule, formatUs, formatMs } from './describe.js';
export { validate, parseSchedule, FaultScheduleError, MAX_STROBE_FLIPS } from './validate.js';
export { compile, strobeJumps } from './compile.js';
export { compileNemesis, type NemesisPlan } from './nemesis-plan.js';
export { fixedSchedule } from './fixed.js';
export { faultsAtPoints, type FaultsAtPoints } from './at-points.js';
export { openFaults, isHealed, healAll, type OpenFaults } from './heal.js';
export { EPISODE_KINDS, RULE_SHAPES, resolveOptions, type EpisodeKind, type RuleShape, type ScheduleOptions, type ResolvedOptions, type TriggerPointOption } from './options.js';
export { episodesToSchedule, type Episode } from './episodes.js';
export { scheduleArbitrary, episodeListArbitrary } from './arbitrary.js';
export { soakSchedule } from './soak.js';
export { swarmProfile, buildProfile, withProfile, swarmProfileArbitrary, swarmScheduleArbitrary, SWARM_PROFILES, type SwarmProfile, type SwarmProfileName, type FaultMix } from './swarm.js';
export type { RandomFn } from './random.js';
