/**
 * ElasticJobExecutor.execute for one trigger: re-shard if necessary, take our items, skip (and flag a
 * misfire) if any of them is still running, run them, then run again while misfires are flagged.
 * With monitorExecution a run is bracketed by /sharding/{item}/running ephemerals (registerJobBegin /
 * registerJobCompleted). Real ElasticJob checks for running nodes (misfireIfRunning) and then
 * persistEphemeral's them (delete, then create); here the create itself is the check: an item whose
 * running node exists (created since the check) is skipped, which closes the window between the two.
 */
import { SHARD_RUN_END, SHARD_RUN_START, type ShardRunNote, type ClientContext } from '../../harness/index.js';
import type { ElasticJobConfig, JobPaths } from './config.js';
import type { Registry } from './registry.js';
import type { ShardingService } from './sharding.js';

export class ExecutionService {
  /** Running nodes we may have created and not deleted yet (retried at each trigger: clearRunningInfo). */
  readonly ownRunning = new Set<number>();
  #runs = 0;

  constructor(
    private readonly ctx: ClientContext,
    private readonly reg: Registry,
    private readonly paths: JobPaths,
    private readonly config: ElasticJobConfig,
    private readonly sharding: ShardingService,
    private readonly instanceId: string,
  ) {}

  async execute(): Promise<void> {
    await this.clearRunningInfo();
    await this.sharding.shardingIfNecessary();
    const items = await this.sharding.getLocalShardingItems();
    if (items.length === 0) return;
    // misfireIfRunning
    if (await this.sharding.hasRunningItems(items)) {
      await this.#setMisfire(items);
      return;
    }
    await this.#run(items);
    // isExecuteMisfired: clearMisfire, then run the same items again.
    while (this.config.misfire && (await this.#misfired(items)).length > 0) {
      for (const item of items) await this.reg.remove(this.paths.misfire(item));
      this.ctx.cover('elastic-job:misfire-run');
      await this.#run(items);
    }
  }

  async #run(items: readonly number[]): Promise<void> {
    const mine: number[] = [];
    for (const item of items) {
      if (!this.config.monitorExecution) mine.push(item);
      else {
        // Remembered before the create: a create whose reply is lost may have made the node.
        this.ownRunning.add(item);
        if (await this.reg.createEphemeral(this.paths.running(item), this.instanceId)) mine.push(item);
        else this.ownRunning.delete(item);
      }
    }
    // The items run in parallel (one thread each in ElasticJob): one stretch of work for all of them.
    const notes = mine.map((item): ShardRunNote => ({ run: `${this.instanceId}#${++this.#runs}`, item, instance: this.instanceId }));
    for (const n of notes) this.ctx.note(SHARD_RUN_START, { ...n });
    if (mine.length > 0) this.ctx.point('elastic-job:run-started', mine.join(','));
    await this.ctx.sleep(this.config.workMs);
    for (const n of notes) this.ctx.note(SHARD_RUN_END, { ...n });
    if (mine.length > 0) this.ctx.cover('elastic-job:run');
    await this.clearRunningInfo();
  }

  /** registerJobCompleted / clearRunningInfo: deletes our running nodes (only if still ours: a version-checked delete). */
  async clearRunningInfo(): Promise<void> {
    // Plain reads, as ElasticJob's removeJobNodeIfExisted does (no sync): the session's reads never go back
    // before its own last zxid, so a node whose create we saw answered is visible. A create whose reply was
    // lost (connection loss, then another server) is not in that zxid: a server still behind it reads NONODE
    // and we forget a node we made, which then blocks its item until our session ends. Real ElasticJob has
    // the same exposure; the item is held (never run twice). Unseen in 1000 crash-stop seeds: the request
    // timeout before the switch gives the commit time to reach every live server.
    for (const item of [...this.ownRunning]) {
      const node = await this.reg.get(this.paths.running(item));
      if (node !== null && node.data === this.instanceId) await this.reg.remove(this.paths.running(item), node.version);
      this.ownRunning.delete(item);
    }
  }

  async #setMisfire(items: readonly number[]): Promise<void> {
    if (!this.config.misfire) return;
    for (const item of items) await this.reg.persistIfNeeded(this.paths.misfire(item));
    this.ctx.cover('elastic-job:misfire-set');
  }

  async #misfired(items: readonly number[]): Promise<number[]> {
    const out: number[] = [];
    for (const item of items) if (await this.reg.isExisted(this.paths.misfire(item))) out.push(item);
    return out;
  }
}
