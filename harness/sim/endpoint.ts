import { NodeClock } from './clock.js';
import { TimerList, type SimEvent } from './events.js';
import { Rng } from './rng.js';
import { NodeStorage } from './storage.js';
import type { ClockSpec, NodeBehavior, NodeContext, NodeFactory, NodeId } from './types.js';
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

/**
 * A process that has not started yet (down, incarnation 0). Its RNG is the named stream `node:<id>`
 * (servers) or `client:<id>` (clients) of the run's seed.
 */
export function createEndpoint(
  index: number, id: NodeId, server: boolean, factory: NodeFactory | null, clientIndex: number, clock: ClockSpec, seed: number | string,
): Endpoint {
  return {
    index, id, kind: server ? 'server' : 'client',
    clock: new NodeClock(Math.round((clock.offsetMs ?? 0) * 1000), clock.driftPpm ?? 0),
    rng: new Rng(seed, server ? `node:${id}` : `client:${id}`),
    storage: new NodeStorage(),
    incarnation: 0, up: false, paused: false, deferred: [], timers: new TimerList(),
    factory, behavior: null, ctx: null,
    client: null, clientIndex,
  };
}
