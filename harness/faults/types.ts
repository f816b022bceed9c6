/**
 * Fault schedules are plain data: JSON-serialisable objects `{ at, kind, ...params }`, where `at` is
 * integer microseconds of true time. They are written to replay files and shown in reports, so every
 * field is a string, a number, an array or a plain record; nothing here holds a function.
 */
import type { LinkParams, NodeId } from '../sim/types.js';

export type { NodeId };

/** The nodes a schedule may name. Partitions may cover servers only, or servers and clients. */
export interface Topology {
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
}

/** For each node, the nodes whose messages it cannot hear (the kernel's partition state). */
export type Grudge = Record<NodeId, NodeId[]>;

export const PARTITION_SHAPES = ['halves', 'isolate', 'majority-ring', 'bridge', 'one-way', 'custom'] as const;
export type PartitionShape = (typeof PARTITION_SHAPES)[number];

/**
 * `nodes` are the nodes the partition concerns, in the order the shape was built from (see
 * partitions.ts); `grudge` is the resolved result, so the schedule is self-contained. Partitions
 * layer: the grudge adds to those already in effect, unless `replace` is true (then it is the only one).
 */
export interface PartitionFault {
  at: number;
  kind: 'partition';
  shape: PartitionShape;
  nodes: NodeId[];
  grudge: Grudge;
  replace?: boolean;
}

export interface HealFault {
  at: number;
  kind: 'heal';
}

export interface NodeFault<K extends 'crash' | 'restart' | 'pause' | 'resume'> {
  at: number;
  kind: K;
  node: NodeId;
}

export type CrashFault = NodeFault<'crash'>;
export type RestartFault = NodeFault<'restart'>;
export type PauseFault = NodeFault<'pause'>;
export type ResumeFault = NodeFault<'resume'>;

/** Sets the drift rate of `node`'s clocks from `at` on; 0 is an ideal clock. */
export interface ClockDriftFault {
  at: number;
  kind: 'clock-drift';
  node: NodeId;
  ppm: number;
}

/** Steps `node`'s wall clock by `deltaMs` (positive = forward). */
export interface ClockJumpFault {
  at: number;
  kind: 'clock-jump';
  node: NodeId;
  deltaMs: number;
}

/**
 * The wall clock flips forward by `deltaMs` and back again every `periodMs`, for `durationMs`; it
 * always ends where it started (compile emits whole forward/back pairs that fit in the duration).
 */
export interface ClockStrobeFault {
  at: number;
  kind: 'clock-strobe';
  node: NodeId;
  deltaMs: number;
  periodMs: number;
  durationMs: number;
}

export const LINK_PARAM_KEYS = ['latencyMs', 'jitterMs', 'loss', 'duplicate', 'reorder'] as const;
export type LinkParamKey = (typeof LINK_PARAM_KEYS)[number];

/** Changes the directed link(s) `from` -> `to`; '*' means every node. Only the given params change. */
export interface LinkFault extends Partial<LinkParams> {
  at: number;
  kind: 'link';
  from: NodeId | '*';
  to: NodeId | '*';
}

export interface LinkResetFault {
  at: number;
  kind: 'link-reset';
}

export type Fault =
  | PartitionFault
  | HealFault
  | CrashFault
  | RestartFault
  | PauseFault
  | ResumeFault
  | ClockDriftFault
  | ClockJumpFault
  | ClockStrobeFault
  | LinkFault
  | LinkResetFault;

export type FaultKind = Fault['kind'];

/** What a fault does, without its time. */
export type FaultAction = Fault extends infer F ? (F extends Fault ? Omit<F, 'at'> : never) : never;

/**
 * Where a triggered fault hangs: the `occurrence`-th time (1 = the first) a model reports protocol
 * point `point` (`ctx.point` or `ctx.cover`), counting only reports by `node` when it is given.
 */
export interface Trigger {
  point: string;
  node?: NodeId;
  occurrence: number;
}

/**
 * A fault that fires `afterUs` µs of true time after its trigger instead of at a fixed time, and only
 * inside the nemesis window (it never fires if the trigger does not happen in time). Entries with the
 * same trigger fire off the same occurrence, so a crash and its restart are two entries.
 */
export type TriggeredFault = FaultAction & { on: Trigger; afterUs: number };

/** One line of a schedule: a fault at a fixed time or one hung on a protocol point. */
export type ScheduleEntry = Fault | TriggeredFault;

export function isTriggered(entry: ScheduleEntry): entry is TriggeredFault {
  return 'on' in entry;
}

/** A triggered entry that fired: the point that set it off (who, when, detail) and when the fault applied. */
export interface FiredTrigger {
  /** Index of the entry in its schedule. */
  index: number;
  node: NodeId;
  detail?: string;
  pointUs: number;
  at: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  'partition',
  'heal',
  'crash',
  'restart',
  'pause',
  'resume',
  'clock-drift',
  'clock-jump',
  'clock-strobe',
  'link',
  'link-reset',
];

/** Faults at fixed times only: what a run applied, and what generators without triggers produce. */
export type FaultSchedule = Fault[];

/** What a nemesis plays: faults at fixed times and faults hung on protocol points. */
export type Schedule = ScheduleEntry[];

/** Every node id of a topology: servers first, then clients. */
export function allNodes(topology: Topology): NodeId[] {
  return [...topology.servers, ...topology.clients];
}
