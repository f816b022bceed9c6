/**
 * What the ElasticJob scenarios share: a three-server ZooKeeper ensemble (the registry center) and three
 * job instances as its clients, one job of six items; checkers: each item runs on at most one instance at
 * a time (true time), every item runs again soon after the heal, and the ensemble's own guarantees.
 */
import { checkExclusiveRuns, checkShardsKeepRunning, runsFromNotes, type ShardRun, type RunArtifacts, type Scenario, type ScenarioChecker, type ScenarioSystem } from '../../harness/index.js';
import { elasticJobInstance, type ElasticJobConfig } from '../../models/elastic-job/index.js';
import { ZkAudit, zkConfig, zkServer, type ZkConfig } from '../../models/zookeeper/index.js';
import { AGREEMENT, DURABILITY, ELECTION_SAFETY, ZK3 } from '../zookeeper/shared.js';
import { elasticJobPanels } from './panels.js';

export { ZK3 };
export const JOBS = ['j1', 'j2', 'j3'];
export const SESSION_TIMEOUT_MS = 300;

export const JOB_CONFIG: ElasticJobConfig = {
  jobName: 'job', shardingTotalCount: 6, triggerMs: 200, workMs: 80, monitorExecution: true, misfire: true, reconcileMs: 500, pollMs: 10,
  sessionTimeoutMs: SESSION_TIMEOUT_MS, requestTimeoutMs: 50, ensemble: ZK3,
};

export interface ElasticJobScenarioConfig {
  zk: ZkConfig;
  servers: string[];
  instances: string[];
  job: ElasticJobConfig;
}

export function buildElasticJob(config: ElasticJobScenarioConfig): ScenarioSystem {
  const factory = zkServer(config.zk, config.servers, new ZkAudit());
  return {
    servers: config.servers.map((id) => ({ id, factory })),
    // A LAN: a trigger's few dozen registry calls take a few ms, not most of the trigger period.
    link: { latencyMs: 0.3, jitterMs: 0.2 },
    clients: config.instances.map((id, i) => ({ id, workload: elasticJobInstance(config.job, i) })),
  };
}

/** Runs from the notes; a run with no end stopped at its process's next crash (or the end of the simulation). */
export function shardRuns(run: RunArtifacts): ShardRun[] {
  const endUs = run.sim.nowUs;
  return runsFromNotes(run.notes, (node, startUs) =>
    run.schedule.find((f) => (f.kind === 'crash' || f.kind === 'restart') && f.node === node && f.at >= startUs)?.at ?? endUs);
}

export const EXCLUSIVE_RUNS: ScenarioChecker = {
  name: 'shard exclusivity (one instance per item at a time, true time)',
  check: (run) => checkExclusiveRuns(shardRuns(run)),
};

/** After the heal (nemesisMs), every item starts a run within `withinMs`. */
export function shardsKeepRunning(nemesisMs: number, withinMs: number, items: number): ScenarioChecker {
  return {
    name: 'every shard keeps running after the heal',
    check: (run) => checkShardsKeepRunning(shardRuns(run), Array.from({ length: items }, (_, i) => i), nemesisMs * 1000, withinMs * 1000),
  };
}

/**
 * An ElasticJob scenario: the ensemble and instances (config, topology, build) and the checkers (every
 * item runs again within 1.5 s of the heal) follow from the shared setup and the phases.
 */
export function elasticJobScenario(
  s: Omit<Scenario<ElasticJobScenarioConfig>, 'config' | 'topology' | 'build' | 'checkers'>,
): Scenario<ElasticJobScenarioConfig> {
  return {
    ...s,
    config: { zk: zkConfig(), servers: ZK3, instances: JOBS, job: JOB_CONFIG },
    topology: { servers: ZK3, clients: JOBS },
    build: buildElasticJob,
    checkers: [EXCLUSIVE_RUNS, shardsKeepRunning(s.phases.nemesisMs, 1500, JOB_CONFIG.shardingTotalCount), AGREEMENT, DURABILITY, ELECTION_SAFETY],
    panels: elasticJobPanels,
  };
}
