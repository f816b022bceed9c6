/** A consistent-hash routed cache whose membership lives in ZooKeeper, and the messages its parts exchange. */
import type { SessionConfig } from '../zookeeper/session-client.js';

export interface RoutingConfig extends SessionConfig {
  /** Virtual nodes per member on the ring. */
  vnodes: number;
  /** The key space (clients use it, the views list an owner for each). */
  keys: readonly string[];
  /** The znode whose ephemeral children are the members. */
  membersPath: string;
  /** How often an agent reads the membership and pushes it to its cache node. */
  pollMs: number;
  /**
   * `null`: a cache node serves by the last view it was given until another comes (SmartStack-style
   * agents: the ephemeral znode is the only lease, and the cache process never hears that it lapsed).
   * A number: the leased design: an agent grants its node this long from when it sent the `sync` + read
   * the view came from (less than ZooKeeper takes to expire the session: 2/3 of the session timeout).
   */
  leaseMs: number | null;
  /**
   * A node serves a key it gained only this long after it learned of it: long enough for every earlier
   * owner to hear of the change (poll period) or, leased, for its lease to run out (longest lease plus
   * how stale a sync + read can be: a deposed leader answers for up to syncLimit).
   */
  handoffMs: number;
}

/** An agent's push: the membership as read, its version (the members znode's cversion), and the lease it grants. */
export interface ViewPush { type: 'routing-view'; epoch: number; members: string[]; leaseMs: number | null }

export interface KvRequest { type: 'kv'; op: 'get' | 'put'; key: string; value?: number }

export type KvReply =
  | { status: 'ok'; value: number | null }
  /** Not ours in our view: the client takes the view if it is newer than its own. */
  | { status: 'moved'; epoch: number; members: string[] }
  /** Ours, but not servable yet (waiting for the handoff) or any more (lease ran out), or no view yet. */
  | { status: 'unavailable' };
