/** Lock checkers: exclusivity of beliefs in true time, and safety at the protected resource. */
export { checkLockExclusivity, type OverlapAnomaly } from './exclusivity.js';
export { checkResourceSafety, type ResourceOptions, type StaleWriteAnomaly } from './resource.js';
export { lockBeliefs, resourceWrites, runEnds, LOCK_BELIEF, LOCK_HELD, RESOURCE_WRITE, type LockBelief, type LockHeld, type ResourceWrite, type RunEnds } from './notes.js';
