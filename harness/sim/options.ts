import type { NetworkStats } from './network.js';
import type { ClientWorkload, ClockSpec, LinkParams, NodeFactory, NodeId, PointListener, TimedAction } from './types.js';

/** Everything a run depends on: a Simulation is a pure function of these. */
export interface SimulationOptions {
  seed: number | string;
  servers: ReadonlyArray<{ id: NodeId; factory: NodeFactory }>;
  clients?: ReadonlyArray<{ id: NodeId; workload: ClientWorkload; startMs?: number }>;
  link?: Partial<LinkParams>;
  /** TCP-like links (per-connection FIFO); default true. */
  fifo?: boolean;
  clocks?: Readonly<Record<NodeId, ClockSpec>>;
  /** Wall-clock reading at true time 0, ms; default 2026-01-01T00:00:00Z. */
  wallEpochMs?: number;
  buggify?: boolean;
  faults?: readonly TimedAction[];
  /** Sees every protocol point (`ctx.point`, `ctx.cover`) and may schedule faults from it. */
  onPoint?: PointListener;
  maxEvents?: number;
  /** Keep a one-line description of every executed event (for determinism diffs; slow). */
  recordTrace?: boolean;
  /**
   * Deep-freeze every message body when it is sent, so a model that changes a body it has sent fails naming
   * the node (checkDeterminism sets it; it costs a walk of every body).
   */
  freezeSentBodies?: boolean;
  /** Keep every message's fate and the clocks at every fault (for reports: message flow, clock panels). */
  recordTimeline?: boolean;
  /** Most log lines and notes kept; beyond it they are counted, not stored. */
  maxLogLines?: number;
}

export interface LogLine { timeUs: number; node: NodeId; message: string }
export interface Note { timeUs: number; node: NodeId; kind: string; data: Record<string, unknown> }

export interface SimStats {
  events: number;
  timeUs: number;
  network: NetworkStats;
  timersFired: number;
  faultsApplied: number;
  fsyncs: number;
  droppedLogLines: number;
}
