/** An ElasticJob-Lite job's settings (JobConfiguration) and its registry-center layout (JobNodePath). */
import type { SessionConfig } from '../zookeeper/session-client.js';

export interface ElasticJobConfig extends SessionConfig {
  jobName: string;
  shardingTotalCount: number;
  /** The job's trigger period (its cron), on the instance's own monotonic clock. */
  triggerMs: number;
  /** How long one run of the instance's items works. */
  workMs: number;
  /** `monitorExecution`: mark items running with /sharding/{item}/running ephemerals, and re-shard only when none runs. */
  monitorExecution: boolean;
  /** `misfire`: a trigger skipped because an item was still running leaves a misfire flag, run again after the current run. */
  misfire: boolean;
  /** ReconcileService's period (reconcileIntervalMinutes, scaled down): the leader re-checks the sharding against the online instances. */
  reconcileMs: number;
  /** BlockUtils.waitingShortTime: the sleep between polls while waiting for a leader or for sharding (100 ms, scaled down). */
  pollMs: number;
}

/** The znodes under /{jobName} (InstanceNode, LeaderNode, ShardingNode). */
export function jobPaths(jobName: string) {
  const root = `/${jobName}`;
  return {
    root,
    instances: `${root}/instances`,
    instance: (id: string) => `${root}/instances/${id}`,
    leaderRoot: `${root}/leader`,
    election: `${root}/leader/election`,
    /** LeaderNode.INSTANCE: an ephemeral holding the leader's instance id. */
    leaderInstance: `${root}/leader/election/instance`,
    shardingFlags: `${root}/leader/sharding`,
    /** ShardingNode.NECESSARY: persistent, "the instance set changed, re-shard before the next run". */
    necessary: `${root}/leader/sharding/necessary`,
    /** ShardingNode.PROCESSING: ephemeral, the leader is writing a new sharding. */
    processing: `${root}/leader/sharding/processing`,
    sharding: `${root}/sharding`,
    item: (item: number) => `${root}/sharding/${item}`,
    itemInstance: (item: number) => `${root}/sharding/${item}/instance`,
    running: (item: number) => `${root}/sharding/${item}/running`,
    misfire: (item: number) => `${root}/sharding/${item}/misfire`,
  };
}

export type JobPaths = ReturnType<typeof jobPaths>;
