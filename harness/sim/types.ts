/**
 * The contract between the kernel and everything that runs on it.
 * Kernel time is integer microseconds of true time; everything a model sees is in milliseconds
 * (fractional values allowed, resolved to the microsecond), because that is how protocols are specified.
 */
import type { Rng } from './rng.js';
import type { NodeStorage } from './storage.js';

export type NodeId = string;

/** A message as delivered: who sent it, to whom, a kernel-unique id, and what it answers (if anything). */
export interface Envelope<B = unknown> {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly body: B;
  /** Set on replies made with `ctx.reply`: the id of the message answered. */
  readonly inReplyTo?: number;
}

export interface TimerHandle {
  readonly id: number;
  readonly payload: unknown;
}

/** What a node (server state machine) can do. Everything is deterministic and owned by the kernel. */
export interface NodeContext {
  readonly id: NodeId;
  /** Starts at 1; bumped by every restart. */
  readonly incarnation: number;
  /** The other server nodes of the topology (not clients), in topology order. */
  readonly peers: readonly NodeId[];
  /** Returns the message's id: a reply made with `ctx.reply` carries it as `inReplyTo`. */
  send(to: NodeId, body: unknown): number;
  reply(to: Envelope, body: unknown): void;
  /** Fires after `delayMs` of this node's monotonic clock. */
  setTimer(delayMs: number, payload?: unknown): TimerHandle;
  cancelTimer(timer: TimerHandle): void;
  /** This node's monotonic clock in ms: feels drift, never jumps. */
  monotonicNow(): number;
  /** This node's wall clock in ms since the epoch the scenario sets: feels drift and jumps. */
  wallNow(): number;
  readonly rng: Rng;
  readonly storage: NodeStorage;
  log(message: string): void;
  /** FoundationDB-style fault point: true with `probability` when the scenario enables buggify, else never. */
  buggify(probability: number): boolean;
  /** Counts an interesting event for coverage goals ("failover during a partition"); also a protocol point named `goal`. */
  cover(goal: string): void;
  /** Marks a protocol point ("kafka:isr-shrunk-to-one") that faults may hang on; changes nothing in the run by itself. */
  point(name: string, detail?: string): void;
}

/** A server node: a state machine. A restart builds a fresh instance; only durable storage survives. */
export interface NodeBehavior {
  init?(ctx: NodeContext): void;
  onMessage(ctx: NodeContext, msg: Envelope): void;
  onTimer?(ctx: NodeContext, timer: TimerHandle): void;
}

export type NodeFactory = (id: NodeId) => NodeBehavior;

export type CallResult<B = unknown> =
  | { readonly status: 'ok'; readonly body: B; readonly from: NodeId }
  | { readonly status: 'timeout' };

export interface OpHandle {
  ok(value?: unknown): void;
  fail(value?: unknown): void;
  info(value?: unknown): void;
}

/** What a client workload can do. Every await resolves at a kernel-chosen point in virtual time. */
export interface ClientContext {
  readonly id: NodeId;
  /** History process number of this client (Jepsen style: a new one after an indeterminate op). */
  readonly process: number;
  readonly servers: readonly NodeId[];
  call<B = unknown>(to: NodeId, body: unknown, options: { timeoutMs: number }): Promise<CallResult<B>>;
  /** Sends without waiting for an answer. */
  send(to: NodeId, body: unknown): void;
  sleep(ms: number): Promise<void>;
  monotonicNow(): number;
  wallNow(): number;
  /** True time in ms: for recording only, never for decisions (a real client cannot see it). */
  trueNow(): number;
  readonly rng: Rng;
  /** Records an invoke in the history; complete it with ok / fail / info. */
  invoke(f: string, value?: unknown, key?: string): OpHandle;
  /** Records a free-form event for checkers and reports (lock beliefs, critical sections). */
  note(kind: string, data: Record<string, unknown>): void;
  cover(goal: string): void;
  point(name: string, detail?: string): void;
  /** True once the nemesis phase is over and the scenario asks clients to wind down. */
  readonly stopping: boolean;
}

export type ClientWorkload = (ctx: ClientContext) => Promise<void>;

/** Parameters of one directed link (or the default for all links). */
export interface LinkParams {
  latencyMs: number;
  jitterMs: number;
  /** Probability that a message is lost (non-FIFO links only: TCP retransmits). */
  loss: number;
  /** Probability that a message is delivered twice (non-FIFO links only: TCP deduplicates). */
  duplicate: number;
  /** Probability that a message gets an extra delay of up to 10x the jitter, overtaking others (non-FIFO only). */
  reorder: number;
}

export interface ClockSpec {
  /** Initial wall-clock offset from true time, ms. */
  offsetMs?: number;
  driftPpm?: number;
}

export type StopReason = 'time-limit' | 'event-limit' | 'quiescent' | 'stopped';

/** What fault injection may do to a running simulation. Every method throws on an unknown node id. */
export interface FaultTarget {
  readonly serverIds: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  /** Replaces the partition state: `grudge[a]` lists the nodes whose messages `a` cannot hear. */
  setGrudge(grudge: Readonly<Record<NodeId, readonly NodeId[]>>): void;
  /** Removes every partition. */
  heal(): void;
  /** Kills the process: volatile state and unsynced writes are lost; it stays down until `restart`. */
  crash(id: NodeId): void;
  /** Starts a crashed node again (a new incarnation); restarting a running node crashes it first. */
  restart(id: NodeId): void;
  /** SIGSTOP / a long GC pause: the node handles nothing until `resume`. */
  pause(id: NodeId): void;
  resume(id: NodeId): void;
  /** Sets the clock's drift rate from now on (both wall and monotonic clocks feel it). */
  setClockDrift(id: NodeId, ppm: number): void;
  /** Steps the wall clock by `deltaMs` (positive = forward); the monotonic clock does not move. */
  jumpClock(id: NodeId, deltaMs: number): void;
  /** Changes link parameters: `from`/`to` may be '*' for every node. */
  setLink(from: NodeId | '*', to: NodeId | '*', params: Partial<LinkParams>): void;
  /** Restores every link to the scenario's defaults. */
  resetLinks(): void;
}

/** A protocol point as it happened: which node reported it, when (true time) and any detail. */
export interface ProtocolPoint {
  readonly name: string;
  readonly node: NodeId;
  readonly detail: string | undefined;
  readonly atUs: number;
}

/**
 * Told of every protocol point as it happens (inside the handler that reported it); may schedule
 * actions, which run as faults. Faults that fire at protocol points are built on this.
 */
export type PointListener = (point: ProtocolPoint, schedule: (action: TimedAction) => void) => void;

/** A fault compiled to an instant: the kernel runs `apply` at `atUs` of true time. */
export interface TimedAction {
  readonly atUs: number;
  readonly label: string;
  apply(target: FaultTarget): void;
}
