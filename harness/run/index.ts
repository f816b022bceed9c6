/** Runs: one run, seed sweeps through the worker pool, property search and shrinking, replay files, suites. */
export type { AnyScenario, Scenario, ScenarioSystem, NemesisProfile, Phases, RunArtifacts, ScenarioChecker, LivenessCheck } from './scenario.js';
export { eventually } from './scenario.js';
export { runOnce, scheduleForSeed, nemesisArbitrary, describeError, type RunResult, type RunOnceOptions, type Outcome, type CheckerVerdict } from './run-once.js';
export { runSeed, firstDifference, describeTraceComparison, failedRun, type SeedOptions, type TraceComparison } from './run-seed.js';
export { allScenarios, allTags, selectScenarios, findScenario, validSelectors, UsageError } from './registry.js';
export { shrinkSeed, searchScenario, isFinding, DEFAULT_SEARCH_SEED, DEFAULT_SHRINK_RUNS, type ShrinkResult, type SearchResult } from './search.js';
export { REPLAY_FORMAT, REPLAY_VERSION, readReplayFile, writeReplayFile, encodeReplay, decodeReplay, replayFromRun, ReplayFileError, type ReplayFile } from './replay-file.js';
export { runPool, defaultWorkers, type PoolJob, type PoolOptions, type PoolOutcome } from './pool.js';
export { runSuite, sweepSeeds, parseShard, replayPath, type Shard, type SuiteOptions, type SuiteOutcome } from './suite.js';
export { decide, summarize, coverageResults, exitCodeOf, scenarioMeta, type ScenarioMeta } from './summary.js';
export { readResultsFile, toJsonRun, fromJsonRun, type ResultsFile, type JsonRun, type Finding } from './results-file.js';
export { failureDetail, failureDetailOf } from './failure-detail.js';
export { FAULTLINE_VERSION } from './version.js';
