/**
 * One ElasticJob-Lite instance of one job: a ZooKeeper client. It registers (registerStartUpInfo: elect
 * a leader, put its ephemeral /instances/{id} online, set the resharding flag), fires its trigger every
 * `triggerMs` of its own monotonic clock, and heartbeats in between. Between triggers it does what
 * ElasticJob's registry listeners do; we poll instead of watching (a TreeCache in real ElasticJob):
 * - ListenServersChangedJobListener: the instance set changed, so setReshardingFlag;
 * - LeaderElectionJobListener: no leader, so electLeader;
 * and every `reconcileMs` the ReconcileService's check.
 * Connection states (RegistryCenterConnectionStateListener): while not CONNECTED the scheduler is paused
 * (no trigger fires; a run already going goes on); after a LOST session the instance registers again with
 * a new session. A run in progress is not stopped by anything: that is the documented hole.
 */
import type { ClientWorkload } from '../../harness/index.js';
import { ZkSession } from '../zookeeper/session-client.js';
import { jobPaths, type ElasticJobConfig } from './config.js';
import { ExecutionService } from './execution.js';
import { LeaderService } from './leader.js';
import { Registry, RegistryUnavailable } from './registry.js';
import { ShardingService } from './sharding.js';

export function elasticJobInstance(config: ElasticJobConfig, clientNumber: number): ClientWorkload {
  return async (ctx) => {
    const paths = jobPaths(config.jobName);
    // ElasticJob's id is ip@-@pid; a restarted process is a new pid, and its start time stands for one.
    const instanceId = `${ctx.id}@-@${Math.round(ctx.monotonicNow())}`;
    const heartbeatMs = config.sessionTimeoutMs / 3;
    let nextTriggerMs = ctx.monotonicNow() + ctx.rng.next() * config.triggerMs;
    let services: { reg: Registry; sharding: ShardingService; execution: ExecutionService; leader: LeaderService; registered: boolean } | null = null;
    let lastInstances = '';
    let lastReconcileMs = ctx.monotonicNow();
    for (;;) {
      try {
        if (services === null || services.reg.session.state === 'LOST') {
          const session = new ZkSession(ctx, config, clientNumber);
          if (!(await session.start())) {
            if (ctx.stopping) return;
            continue;
          }
          const reg = new Registry(session);
          const leader = new LeaderService(ctx, reg, paths, config, instanceId);
          const sharding = new ShardingService(ctx, reg, paths, config, leader, instanceId);
          services = { reg, leader, sharding, execution: new ExecutionService(ctx, reg, paths, config, sharding, instanceId), registered: false };
        }
        const { reg, leader, sharding, execution } = services;
        if (!services.registered) {
          // registerStartUpInfo (again from the top if a registry call fails); the listeners start first,
          // so the instance set is known from before we join.
          for (const p of [paths.root, paths.instances, paths.leaderRoot, paths.election, paths.shardingFlags, paths.sharding]) await reg.persistIfNeeded(p);
          lastInstances = (await reg.getChildrenKeys(paths.instances)).join(' ');
          await leader.electLeader();
          await reg.persistEphemeral(paths.instance(instanceId), '');
          await sharding.setReshardingFlag();
          services.registered = true;
          ctx.cover('elastic-job:registered');
        }
        if (ctx.monotonicNow() >= nextTriggerMs) {
          nextTriggerMs = Math.max(nextTriggerMs + config.triggerMs, ctx.monotonicNow());
          if (reg.session.checkHealth() === 'CONNECTED') await execution.execute();
        } else await ctx.sleep(Math.min(heartbeatMs, nextTriggerMs - ctx.monotonicNow()));
        // The listeners' work (on their own thread in ElasticJob), which also heartbeats the session.
        const instances = (await reg.getChildrenKeys(paths.instances)).join(' ');
        if (instances !== lastInstances) await sharding.setReshardingFlag();
        lastInstances = instances;
        if (!(await leader.hasLeader()) && (await reg.isExisted(paths.instance(instanceId)))) await leader.electLeader();
        if (ctx.monotonicNow() - lastReconcileMs >= config.reconcileMs) {
          lastReconcileMs = ctx.monotonicNow();
          await sharding.reconcile();
        }
      } catch (error) {
        if (!(error instanceof RegistryUnavailable)) throw error;
        await ctx.sleep(config.pollMs);
      }
    }
  };
}
