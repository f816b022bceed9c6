/** What Redis nodes say to one another to replicate, and what INFO replication reports. */
import type { NodeId } from '../../harness/index.js';
import type { Effect, Entry } from './keyspace.js';

export type ReplMessage =
  /** replica -> master. `offset` is the first one the replica lacks; '?' / -1 asks for a full resync. */
  | { type: 'psync'; replid: string; offset: number }
  /** master -> replica: the whole dataset as of `offset`; the replica drops its own. */
  | { type: 'fullresync'; replid: string; offset: number; keys: [string, Entry][] }
  /** master -> replica: the backlog follows as a repl-stream. A new `replid` means a promotion happened. */
  | { type: 'continue'; replid: string }
  /** master -> replica: the effects of one write; `offset` is the master's offset after them. */
  | { type: 'repl-stream'; offset: number; effects: Effect[] }
  /**
   * master -> replica every second. Redis's PING travels inside the stream and moves the offset; here it
   * carries the master's offset instead, so a replica that missed part of the stream notices.
   */
  | { type: 'repl-ping'; offset: number }
  /** REPLCONF GETACK: answer with an ack now (WAIT is waiting). */
  | { type: 'getack' }
  /** REPLCONF ACK: the offset the replica has processed; every second and on GETACK. */
  | { type: 'replconf-ack'; offset: number }
  /**
   * The replication connection is closed (what a TCP FIN or RST tells Redis; the simulated network breaks
   * connections silently), by its master or its replica end (`by`). Also the -NOMASTERLINK answer to a psync.
   */
  | { type: 'repl-close'; by: 'master' | 'replica' };

const TYPES = new Set<unknown>(['psync', 'fullresync', 'continue', 'repl-stream', 'repl-ping', 'getack', 'replconf-ack', 'repl-close']);

export function isReplMessage(body: unknown): body is ReplMessage {
  return TYPES.has((body as { type?: unknown } | null)?.type);
}

export interface ReplicationInfo {
  role: 'master' | 'replica';
  /** replica: the master it follows, and whether its link is up (handshake done, data flowing). */
  masterId: NodeId | null;
  masterLinkUp: boolean;
  /** replica: ms since the link went down (0 when up). */
  masterLinkDownMs: number;
  replid: string;
  /** PSYNC2: the previous replication id and the offset up to which it is valid ('' / -1 when none). */
  replid2: string;
  secondReplidOffset: number;
  /** master_repl_offset (master) or the processed offset (replica). */
  offset: number;
  /** master only: replicas with a live link. */
  replicas: { id: NodeId; offset: number; lagMs: number }[];
  /** replica-priority from config (0 = never promote). */
  priority: number;
}
