/**
 * ShardingService: a change of the instance set sets the resharding flag (/leader/sharding/necessary);
 * before its next run every instance calls shardingIfNecessary. The leader waits until no item is running
 * (with monitorExecution), marks /leader/sharding/processing, deletes every /sharding/{item}/instance and
 * writes the average allocation; the others block until the flags are gone. Real ElasticJob writes the new
 * assignment and deletes both flags in one transaction; our ZooKeeper has no multi-op, so they are written
 * one by one, the flags last: a leader that dies midway leaves `necessary`, and the next leader starts over.
 */
import type { ClientContext } from '../../harness/index.js';
import type { ElasticJobConfig, JobPaths } from './config.js';
import type { LeaderService } from './leader.js';
import type { Registry } from './registry.js';
import { averageAllocation } from './strategy.js';

export class ShardingService {
  constructor(
    private readonly ctx: ClientContext,
    private readonly reg: Registry,
    private readonly paths: JobPaths,
    private readonly config: ElasticJobConfig,
    private readonly leader: LeaderService,
    private readonly instanceId: string,
  ) {}

  get items(): number[] {
    return Array.from({ length: this.config.shardingTotalCount }, (_, i) => i);
  }

  /** setReshardingFlag: only the leader (electing one if there is none) sets it. */
  async setReshardingFlag(): Promise<void> {
    if (!(await this.leader.isLeaderUntilBlock())) return;
    await this.reg.persistIfNeeded(this.paths.necessary);
  }

  /**
   * ReconcileService: the leader sets the flag when none is set but an item is not assigned to an online
   * instance. It catches a change nobody flagged: an instance joining while the old leader was still
   * registered (not yet expired) is seen by the others, whose setReshardingFlag finds they do not lead.
   */
  async reconcile(): Promise<void> {
    const { reg, paths } = this;
    if (!(await this.leader.isLeaderUntilBlock()) || (await reg.isExisted(paths.necessary))) return;
    const online = new Set(await reg.getChildrenKeys(paths.instances));
    for (const item of this.items) {
      const owner = (await reg.get(paths.itemInstance(item)))?.data;
      if (typeof owner === 'string' && online.has(owner)) continue;
      this.ctx.cover('elastic-job:reconcile-flagged');
      await reg.persistIfNeeded(paths.necessary);
      return;
    }
  }

  async shardingIfNecessary(): Promise<void> {
    const { reg, paths } = this;
    if (!(await reg.isExisted(paths.necessary))) return;
    const instances = await reg.getChildrenKeys(paths.instances);
    if (instances.length === 0) return;
    if (!(await this.leader.isLeaderUntilBlock())) {
      await this.#blockUntilShardingCompleted();
      return;
    }
    // waitingOtherShardingItemCompleted: with monitorExecution, no re-sharding while any item runs.
    while (await this.hasRunningItems(this.items)) await this.ctx.sleep(this.config.pollMs);
    await reg.persistEphemeral(paths.processing, '');
    // resetShardingInfo
    for (const item of this.items) {
      await reg.remove(paths.itemInstance(item));
      await reg.persistIfNeeded(paths.item(item));
    }
    for (const [instance, items] of averageAllocation(instances, this.config.shardingTotalCount)) {
      for (const item of items) await reg.persistIfNeeded(paths.itemInstance(item), instance);
    }
    await reg.remove(paths.necessary);
    await reg.remove(paths.processing);
    this.ctx.cover('elastic-job:resharded');
    this.ctx.note('elastic-job-sharding', { leader: this.instanceId, instances });
  }

  /** Followers wait while the leader shards (unless they become the leader meanwhile). */
  async #blockUntilShardingCompleted(): Promise<void> {
    const { reg, paths } = this;
    while (!(await this.leader.isLeaderUntilBlock()) && ((await reg.isExisted(paths.necessary)) || (await reg.isExisted(paths.processing)))) {
      await this.ctx.sleep(this.config.pollMs);
    }
  }

  /** ExecutionService.hasRunningItems: only with monitorExecution are running nodes kept. */
  async hasRunningItems(items: readonly number[]): Promise<boolean> {
    if (!this.config.monitorExecution) return false;
    for (const item of items) if (await this.reg.isExisted(this.paths.running(item))) return true;
    return false;
  }

  /** getLocalShardingItems: none unless our instance node is online; else the items whose instance node names us. */
  async getLocalShardingItems(): Promise<number[]> {
    if (!(await this.reg.isExisted(this.paths.instance(this.instanceId)))) return [];
    const out: number[] = [];
    for (const item of this.items) if ((await this.reg.get(this.paths.itemInstance(item)))?.data === this.instanceId) out.push(item);
    return out;
  }
}
