export { Simulation, SimulationError } from './simulation.js';
export type { SimulationOptions, SimStats, LogLine, Note, MessageRecord, ClockSample } from './simulation.js';
export { Rng } from './rng.js';
export { NodeStorage } from './storage.js';
export { NodeClock } from './clock.js';
export { TraceHash } from './trace-hash.js';
export { DEFAULT_LINK } from './network.js';
export type { NetworkStats } from './network.js';
export type * from './types.js';
