/** What a lock client needs from a lock service: the single-instance lock and Redlock both provide it. */
import type { ClientContext, NodeId } from '../../harness/index.js';

export interface Grant {
  key: string;
  /** The random value only this acquisition used: release and extend compare against it. */
  value: string;
  /** The client's monotonic time when it started acquiring: validity counts from here. */
  startMono: number;
  /**
   * The client's monotonic time at which it must consider the lock lost:
   * start + TTL - clock drift allowance (the distlock page's validity, measured from the start).
   */
  deadlineMono: number;
  /** When the grant was certain, true time µs (recording only) and client monotonic ms. */
  grantedUs: number;
  grantedMono: number;
  token: number | null;
  /** The Redis nodes that said yes. */
  nodes: NodeId[];
}

export interface LockService {
  readonly ttlMs: number;
  acquire(ctx: ClientContext, key: string, value: string): Promise<Grant | null>;
  /** Extends the TTL on the nodes; on success moves `grant.deadlineMono` and returns true. */
  extend(ctx: ClientContext, grant: Grant): Promise<boolean>;
  /** Fire and forget: compare-and-delete on every node (also the ones that did not answer). */
  release(ctx: ClientContext, grant: Grant): void;
}

/** The distlock page's drift allowance: 1% of the TTL plus 2 ms for the timers' granularity. */
export function driftAllowanceMs(ttlMs: number): number {
  return ttlMs * 0.01 + 2;
}
