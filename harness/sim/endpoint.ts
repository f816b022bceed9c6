import type { NodeClock } from './clock.js';
import type { SimEvent, TimerList } from './events.js';
import type { Rng } from './rng.js';
import type { NodeStorage } from './storage.js';
import type { NodeBehavior, NodeContext, NodeFactory, NodeId } from './types.js';
import type { ClientRuntime } from './client.js';

/** Everything the kernel keeps about one process on the network, server or client. */
export interface Endpoint {
  readonly index: number;
  readonly id: NodeId;
  readonly kind: 'server' | 'client';
  readonly clock: NodeClock;
  readonly rng: Rng;
  readonly storage: NodeStorage;
  incarnation: number;
  up: boolean;
  paused: boolean;
  /** Events that arrived while paused, in arrival order; they run on resume. */
  deferred: SimEvent[];
  /** Pending timers (including client sleeps and call timeouts), re-timed when the drift changes. */
  readonly timers: TimerList;
  // Servers.
  readonly factory: NodeFactory | null;
  behavior: NodeBehavior | null;
  ctx: NodeContext | null;
  // Clients: a runtime per incarnation.
  client: ClientRuntime | null;
  /** Position among clients (history process base), or -1 for servers. */
  readonly clientIndex: number;
}
