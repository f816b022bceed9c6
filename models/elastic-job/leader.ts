/**
 * LeaderService. Real ElasticJob takes a Curator LeaderLatch on /leader/election/latch only to serialise
 * "if there is no leader, fill /leader/election/instance with my id"; a plain create of that ephemeral
 * does the check and the fill atomically, so the latch is left out. The leader is whoever's id the
 * ephemeral holds; it goes with the leader's session, and the next election follows.
 */
import type { ClientContext } from '../../harness/index.js';
import type { ElasticJobConfig, JobPaths } from './config.js';
import type { Registry } from './registry.js';

export class LeaderService {
  constructor(
    private readonly ctx: ClientContext,
    private readonly reg: Registry,
    private readonly paths: JobPaths,
    private readonly config: ElasticJobConfig,
    private readonly instanceId: string,
  ) {}

  /** electLeader: fill the leader node unless someone holds it. */
  async electLeader(): Promise<void> {
    if (await this.reg.createEphemeral(this.paths.leaderInstance, this.instanceId)) this.ctx.cover('elastic-job:leader-elected');
  }

  hasLeader(): Promise<boolean> {
    return this.reg.isExisted(this.paths.leaderInstance);
  }

  async isLeader(): Promise<boolean> {
    return (await this.reg.get(this.paths.leaderInstance))?.data === this.instanceId;
  }

  /** isLeaderUntilBlock: while there is no leader but some instance is online, wait and elect; then, am I the leader? */
  async isLeaderUntilBlock(): Promise<boolean> {
    while (!(await this.hasLeader()) && (await this.reg.getChildrenKeys(this.paths.instances)).length > 0) {
      await this.ctx.sleep(this.config.pollMs);
      if (await this.reg.isExisted(this.paths.instance(this.instanceId))) await this.electLeader();
    }
    return this.isLeader();
  }
}
