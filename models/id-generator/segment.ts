/**
 * A segment (hi/lo) ID allocator, as in Meituan Leaf's segment mode and Hibernate's pooled optimizer: IDs
 * are handed out from memory, from ranges of `step` taken from a replicated counter (a ZooKeeper znode
 * holding the highest ID of any range taken). Taking a range reads the counter and its version and writes
 * counter + step conditioned on that version (Leaf's `UPDATE ... SET max_id = max_id + step` in a
 * transaction); a refused write (another allocator took a range meanwhile) starts over. A crash loses the
 * range in memory: its unused IDs are skipped, never reissued. Leaf's second buffer (fetching the next
 * range early) changes when ranges are taken, not which: left out.
 * A write whose reply is lost (connection loss, a server crash) may or may not have happened. Named
 * policy `onLostWrite`: `abandon` (take a fresh range: safe, IDs skipped) or `assume-applied` (use the
 * range as if the write had happened: if it had not, another allocator takes the same range).
 */
import type { ClientContext } from '../../harness/index.js';
import type { ClientOp, OpResult } from '../zookeeper/messages.js';
import { ZkSession, type SessionConfig } from '../zookeeper/session-client.js';

export type LostWritePolicy = 'abandon' | 'assume-applied';

export interface SegmentConfig extends SessionConfig {
  /** The counter znode (its parents are created as needed). */
  counterPath: string;
  step: number;
  onLostWrite: LostWritePolicy;
}

export class SegmentAllocator {
  #session: ZkSession | null = null;
  #next = 1;
  #end = 0;

  constructor(private readonly ctx: ClientContext, private readonly config: SegmentConfig, private readonly clientNumber: number) {}

  /** The next ID, or null when no range could be taken now (ZooKeeper unreachable). */
  async next(): Promise<bigint | null> {
    if (this.#next > this.#end && !(await this.#takeRange())) return null;
    return BigInt(this.#next++);
  }

  async #zk(op: ClientOp): Promise<OpResult | null> {
    if (this.#session === null || this.#session.state === 'LOST') {
      this.#session = new ZkSession(this.ctx, this.config, this.clientNumber);
      if (!(await this.#session.start())) return null;
      const parts = this.config.counterPath.split('/').slice(1);
      for (let i = 1; i <= parts.length; i++) {
        const path = `/${parts.slice(0, i).join('/')}`;
        const r = await this.#session.request({ op: 'create', path, data: i === parts.length ? 0 : '' });
        if (r.kind !== 'reply') return null;
      }
    }
    const r = await this.#session.request(op);
    return r.kind === 'reply' ? r.result : null;
  }

  async #takeRange(): Promise<boolean> {
    const path = this.config.counterPath;
    for (;;) {
      const read = await this.#zk({ op: 'getData', path });
      if (read === null || !read.ok) return false;
      const max = read.data as number;
      this.ctx.point('segment:counter-read', String(max));
      const write = await this.#zk({ op: 'setData', path, data: max + this.config.step, version: read.stat?.version ?? -1 });
      if (write === null) {
        this.ctx.cover('segment:write-lost');
        if (this.config.onLostWrite === 'abandon') return false;
      } else if (!write.ok) {
        this.ctx.cover('segment:range-contended');
        continue;
      }
      this.#next = max + 1;
      this.#end = max + this.config.step;
      this.ctx.point('segment:range-taken', `${this.#next}..${this.#end}`);
      return true;
    }
  }
}
