/**
 * ZookeeperRegistryCenter over our session: the few calls ElasticJob makes. A connection loss or an
 * expired session throws `RegistryUnavailable` (Curator's KeeperException): the job's current step is
 * abandoned and the instance tries again at its next trigger. NONODE / NODEEXISTS are answers, not errors.
 */
import type { ClientOp, OpResult } from '../zookeeper/messages.js';
import type { ZkSession } from '../zookeeper/session-client.js';

export class RegistryUnavailable extends Error {}

export class Registry {
  constructor(readonly session: ZkSession) {}

  async #do(op: ClientOp): Promise<OpResult> {
    const r = await this.session.request(op);
    if (r.kind !== 'reply') throw new RegistryUnavailable(`${op.op} ${'path' in op ? op.path : ''}: ${r.kind}`);
    return r.result;
  }

  async isExisted(path: string): Promise<boolean> {
    return (await this.#do({ op: 'exists', path })).ok;
  }

  /** The node's data and version, or null if there is no such node. */
  async get(path: string): Promise<{ data: unknown; version: number } | null> {
    const r = await this.#do({ op: 'getData', path });
    return r.ok ? { data: r.data, version: r.stat?.version ?? -1 } : null;
  }

  async getChildrenKeys(path: string): Promise<string[]> {
    const r = await this.#do({ op: 'getChildren', path });
    return r.ok ? [...(r.children ?? [])].sort() : [];
  }

  /** createJobNodeIfNeeded: a persistent node, NODEEXISTS is fine. */
  async persistIfNeeded(path: string, data: unknown = ''): Promise<void> {
    await this.#do({ op: 'create', path, data });
  }

  /** A new ephemeral; false if the node exists. */
  async createEphemeral(path: string, data: unknown): Promise<boolean> {
    return (await this.#do({ op: 'create', path, data, ephemeral: true })).ok;
  }

  /** persistEphemeral: deletes a node already there (an earlier session's), then creates ours. */
  async persistEphemeral(path: string, data: unknown): Promise<void> {
    await this.remove(path);
    if (!(await this.createEphemeral(path, data))) throw new RegistryUnavailable(`${path}: recreated under us`);
  }

  /** removeJobNodeIfExisted, or with `version` only the node in that version. */
  async remove(path: string, version = -1): Promise<void> {
    await this.#do({ op: 'delete', path, version });
  }
}
