/**
 * faultline's public API: what a user needs to write a model, a workload and a scenario, and to check
 * histories. The built-in catalogue lives in `faultline/scenarios` (and its models in `faultline/models`);
 * `faultline/test` runs a scenario from any test runner.
 */

// Writing a model: node state machines and client workloads, and what the kernel hands them.
export type {
  NodeId, Envelope, TimerHandle, NodeContext, NodeBehavior, NodeFactory, CallResult, OpHandle, ClientContext,
  ClientWorkload, LinkParams, ClockSpec, StopReason,
} from './sim/types.js';
export type { Rng } from './sim/rng.js';
export type { NodeStorage } from './sim/storage.js';
export type { Simulation, Note, LogLine, SimStats } from './sim/simulation.js';

// Scenarios.
export { defineScenario, ScenarioDefinitionError } from './run/define-scenario.js';
export { DeterminismViolation } from './guard/runtime-guard.js';
export { eventually } from './run/scenario.js';
export { defineConfig, type FaultlineConfig } from './run/config.js';
export type { Scenario, AnyScenario, ScenarioSystem, NemesisProfile, Phases, RunArtifacts, ScenarioChecker, LivenessCheck } from './run/scenario.js';
export type { ModelPanel, PanelRow, PanelSegment, PanelMark, PanelTone } from '../reports/types.js';

// Checkers: factories for scenarios, and the checkers themselves for histories from anywhere.
export {
  linearizable, acknowledgedAdds, lockExclusivity, resourceSafety, logAgreement, shardRuns, shardExclusivity,
  shardsKeepRunning, sessionConsistency, committedPrefixes, noLostTxns, oneLeaderPerEpoch, minorityWrites,
  type Named, type LinearizableOptions, type ResourceSafetyOptions,
} from './check/checkers.js';
export type { CheckResult, Validity } from './check/verdict.js';
export {
  checkLinearizability, casRegisterModel, registerModel, kvModel, kvMapModel, setModel, queueModel, logModel, mutexModel,
  ok, illegal, partitionByKey, type CheckOptions, type LinearizabilityResult, type AnyModel, type Model, type Call, type Output, type StepResult,
} from './check/index.js';
export { checkAcknowledgedAdds } from './check/durability/acknowledged-adds.js';
export {
  checkLockExclusivity, checkResourceSafety, lockBeliefs, resourceWrites, runEnds, LOCK_BELIEF, LOCK_HELD, RESOURCE_WRITE, type LockBelief,
  type LockHeld, type ResourceWrite, type RunEnds, type OverlapAnomaly,
} from './check/locks/index.js';
export { checkLogAgreement, type ReplicaLog, type ReplicaEntry } from './check/replication/log-agreement.js';
export { checkExclusiveRuns, checkShardsKeepRunning, type OverlappingRuns } from './check/sharding/exclusive-runs.js';
export { runsFromNotes, SHARD_RUN_START, SHARD_RUN_END, type ShardRun, type ShardRunNote } from './check/sharding/notes.js';
export {
  checkCommittedPrefixes, checkNoLostTxns, checkOneLeaderPerEpoch, type LogEntry,
} from './check/zookeeper/index.js';
export { checkMinorityWrites, type ServerWrite } from './check/zookeeper/minority.js';
export { checkSessionConsistency, type ReadObservation, type WriteObservation } from './check/zookeeper/session-consistency.js';
export * from './check/atomic-commit/index.js';
export * from './check/id-generator/index.js';
export * from './check/routing/index.js';

// Faults: schedules as data, partition shapes, and the arbitraries fast-check draws and shrinks them from.
export type { FaultSchedule, Schedule, ScheduleEntry, Fault, FaultKind, TriggeredFault, Trigger, Topology, Grudge, PartitionShape } from './faults/types.js';
export type { ScheduleOptions, EpisodeKind, TriggerPointOption } from './faults/options.js';
export { fixedSchedule } from './faults/fixed.js';
export { faultsAtPoints, type FaultsAtPoints } from './faults/at-points.js';
export { healAll } from './faults/heal.js';
export { cut, halves, isolate, bridge, oneWay, majorityRing, partitionFault, customPartition, hears } from './faults/partitions.js';
export { scheduleArbitrary, pauseEachOnceArbitrary } from './faults/arbitrary.js';
export { swarmScheduleArbitrary } from './faults/swarm.js';
export { soakSchedule } from './faults/soak.js';
export { describeSchedule } from './faults/describe.js';

// Histories.
export type { History, Op, OpType } from './history/types.js';
export { formats, parseEdnHistory, parseJsonl, parseEtcdLog, parseKvLog, printEdnHistory, printJsonl, HistoryFormatError } from './history/formats/index.js';
