/**
 * What a Sentinel monitors (sentinel.conf: `sentinel monitor`, `down-after-milliseconds`,
 * `failover-timeout`) and the fixed periods of sentinel.c.
 */
import type { NodeId } from '../../harness/index.js';

export interface SentinelConfig {
  /** The monitored master's name (`sentinel monitor <name> ...`). */
  masterName: string;
  initialMaster: NodeId;
  /** Master and replicas. Sentinel learns replicas from the master's INFO; here they are given. */
  redisNodes: NodeId[];
  /** Every Sentinel, this one included. Sentinel discovers them through hello messages; here they are given. */
  sentinels: NodeId[];
  /** Sentinels that must agree the master is down before it is ODOWN. */
  quorum: number;
  /** down-after-milliseconds: no valid reply for this long and an instance is SDOWN. */
  downAfterMs: number;
  /** failover-timeout: bounds each failover step; failovers of one master start at least twice this apart. */
  failoverTimeoutMs: number;
}

export function validateConfig(c: SentinelConfig): void {
  const fail = (why: string) => {
    throw new Error(`sentinel ${c.masterName}: ${why}`);
  };
  if (!c.redisNodes.includes(c.initialMaster)) fail(`initial master ${c.initialMaster} is not one of ${c.redisNodes.join(',')}`);
  if (!Number.isInteger(c.quorum) || c.quorum < 1) fail(`quorum ${c.quorum} must be a positive integer`);
  if (!(c.downAfterMs > 0) || !(c.failoverTimeoutMs > 0)) fail('down-after and failover-timeout must be positive');
}

/** SENTINEL_PING_PERIOD (each instance is pinged at least this often). */
export const PING_PERIOD_MS = 1000;
/** INFO period. Redis: 10 s, 1 s for replicas of a master in ODOWN or failover; here 1 s throughout. */
export const INFO_PERIOD_MS = 1000;
/** SENTINEL_ASK_PERIOD: how often other Sentinels are asked about a master in SDOWN. */
export const ASK_PERIOD_MS = 1000;
/** SENTINEL_PUBLISH_PERIOD: hello messages. */
export const HELLO_PERIOD_MS = 2000;
/** SENTINEL_ELECTION_TIMEOUT: a candidate gives up after min(this, failover-timeout). */
export const ELECTION_TIMEOUT_MS = 10_000;
/** SENTINEL_SLAVE_RECONF_TIMEOUT: a replica told to follow the new master counts as done after this. */
export const REPLICA_RECONF_TIMEOUT_MS = 10_000;
/** SENTINEL_MAX_DESYNC: random offset added to failover start times so Sentinels do not run in step. */
export const MAX_DESYNC_MS = 1000;
/** SENTINEL_TILT_TRIGGER / SENTINEL_TILT_PERIOD. */
export const TILT_TRIGGER_MS = 2000;
export const TILT_PERIOD_MS = 30_000;
/** SENTINEL_DEFAULT_SLAVE_PRIORITY: a replica's priority until its INFO says otherwise. */
export const DEFAULT_PRIORITY = 100;
/** `parallel-syncs` default: replicas reconfigured at once during a failover. */
export const PARALLEL_SYNCS = 1;
/** sentinelTimer runs at hz 10 + rand() % 10, so every 50 to 100 ms. */
export const TICK_MIN_MS = 50;
export const TICK_MAX_MS = 100;
