/**
 * What Sentinels say to each other and to clients, and the Redis commands they send (contract
 * sections 1 and 3). Each message is one SENTINEL subcommand or one hello, as plain data.
 */
import type { NodeId } from '../../harness/index.js';

/** SENTINEL is-master-down-by-addr: runid '*' asks only for the down state; a Sentinel id also asks for its vote. */
export interface IsMasterDown {
  type: 'is-master-down';
  master: NodeId;
  epoch: number;
  runid: '*' | NodeId;
}

/** The reply: whether the master is SDOWN here, and this Sentinel's vote (null: none asked or none given). */
export interface MasterDownReply {
  type: 'master-down-reply';
  down: boolean;
  leader: NodeId | null;
  leaderEpoch: number;
}

/** The content of a hello on `__sentinel__:hello` (address and run id are the envelope's sender). */
export interface Hello {
  type: 'hello';
  currentEpoch: number;
  master: NodeId;
  configEpoch: number;
}

export interface GetMasterAddrByName {
  type: 'get-master-addr-by-name';
  name: string;
}

export interface MasterAddr {
  type: 'master-addr';
  master: NodeId | null;
}

export type SentinelMessage = IsMasterDown | MasterDownReply | Hello | GetMasterAddrByName | MasterAddr;

const TYPES = new Set<string>(['is-master-down', 'master-down-reply', 'hello', 'get-master-addr-by-name', 'master-addr']);

export function isSentinelMessage(body: unknown): body is SentinelMessage {
  const type = (body as { type?: unknown } | null)?.type;
  return typeof type === 'string' && TYPES.has(type);
}

/** Prefix of the event lines Sentinels log (`sentinel {"event":"odown",...}`), for reports and tests. */
export const SENTINEL_LOG = 'sentinel ';

export type SentinelEvent =
  | 'sdown' | 'sdown-end' | 'odown' | 'odown-end' | 'new-epoch' | 'try-failover' | 'vote' | 'leader'
  | 'abort' | 'select' | 'promote' | 'promoted' | 'reconf' | 'failover-end' | 'switch-master'
  | 'convert-to-slave' | 'fix-slave-config' | 'tilt' | 'tilt-end';

export interface SentinelLogLine {
  event: SentinelEvent;
  [field: string]: unknown;
}

/** The Sentinel log lines of a run, parsed, with the Sentinel that wrote each. */
export function sentinelEvents(logs: readonly { node: NodeId; message: string; timeUs: number }[]): (SentinelLogLine & { node: NodeId; timeUs: number })[] {
  return logs
    .filter((l) => l.message.startsWith(SENTINEL_LOG))
    .map((l) => ({ ...(JSON.parse(l.message.slice(SENTINEL_LOG.length)) as SentinelLogLine), node: l.node, timeUs: l.timeUs }));
}
