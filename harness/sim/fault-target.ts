import type { HistoryRecorder } from '../history/recorder.js';
import type { Endpoint } from './endpoint.js';
import { DETACHED_EVENT, EventKind, SimEvent, type TimerRecord } from './events.js';
import type { Network } from './network.js';
import type { FaultTarget, NodeId } from './types.js';

/** What the fault target needs from the kernel: lookups by name, the queue, and booting a server. */
export interface FaultKernel {
  readonly serverIds: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  readonly network: Network;
  readonly recorder: HistoryRecorder;
  /** Current true time, µs. */
  now(): number;
  /** Every endpoint's index, in order (for '*' in link changes). */
  allIndices(): number[];
  /** Resolves a node name; `field` names the fault in the error for an unknown one. */
  indexOf(id: NodeId, field: string): number;
  endpoint(id: NodeId, field: string): Endpoint;
  /** Puts an event on the kernel's queue. */
  push(event: SimEvent): void;
  /** Queues the event that fires `timer` when the endpoint's monotonic clock reaches its deadline. */
  armTimer(ep: Endpoint, timer: TimerRecord, kind: EventKind): void;
  /** Starts a new incarnation of a server: a fresh instance from its factory, then its `init`. */
  boot(ep: Endpoint): void;
}

/** The fault-injection surface handed to compiled fault schedules. */
export function makeFaultTarget(kernel: FaultKernel): FaultTarget {
  const network = kernel.network;
  return {
    serverIds: kernel.serverIds,
    clientIds: kernel.clientIds,
    setGrudge: (grudge) => {
      const byIndex = new Map<number, number[]>();
      for (const [to, froms] of Object.entries(grudge)) {
        byIndex.set(kernel.indexOf(to, 'partition'), froms.map((f) => kernel.indexOf(f, 'partition')));
      }
      network.setGrudge(byIndex);
    },
    heal: () => network.setGrudge(new Map()),
    crash: (id) => crash(kernel, kernel.endpoint(id, 'crash')),
    restart: (id) => restart(kernel, kernel.endpoint(id, 'restart')),
    pause: (id) => { kernel.endpoint(id, 'pause').paused = true; },
    resume: (id) => resume(kernel, kernel.endpoint(id, 'resume')),
    setClockDrift: (id, ppm) => {
      const ep = kernel.endpoint(id, 'clock-drift');
      ep.clock.setDrift(kernel.now(), ppm);
      retime(kernel, ep);
    },
    jumpClock: (id, deltaMs) => kernel.endpoint(id, 'clock-jump').clock.jumpWall(Math.round(deltaMs * 1000)),
    setLink: (from, to, params) => {
      const pick = (id: NodeId) => (id === '*' ? kernel.allIndices() : [kernel.indexOf(id, 'link')]);
      network.setLink(pick(from), pick(to), params);
    },
    resetLinks: () => network.resetLinks(),
  };
}

/** Kills the process: pending timers and paused work vanish, unsynced writes are lost, connections reset. */
function crash(kernel: FaultKernel, ep: Endpoint): void {
  if (!ep.up) return;
  ep.up = false;
  ep.paused = false;
  ep.deferred = [];
  for (let timer = ep.timers.head; timer !== null; timer = timer.next) {
    timer.event.cancelled = true;
    timer.event = DETACHED_EVENT;
  }
  ep.timers.clear();
  ep.storage.loseUnsynced();
  kernel.network.resetEndpoint(ep.index);
  ep.behavior = null;
  ep.ctx = null;
  if (ep.client !== null) {
    kernel.recorder.abandon(ep.clientIndex, kernel.now());
    ep.client = null;
  }
}

/** A new incarnation: a server boots now; a client's workload starts again from the top. */
function restart(kernel: FaultKernel, ep: Endpoint): void {
  crash(kernel, ep);
  if (ep.kind === 'server') {
    kernel.boot(ep);
    return;
  }
  ep.up = true;
  ep.incarnation++;
  kernel.push(new SimEvent(kernel.now(), EventKind.ClientStart, ep.index, ep.incarnation));
}

function resume(kernel: FaultKernel, ep: Endpoint): void {
  if (!ep.paused) return;
  ep.paused = false;
  const deferred = ep.deferred;
  ep.deferred = [];
  // Work queued during the pause runs now, in arrival order; the clock shows the gap.
  const nowUs = kernel.now();
  for (const event of deferred) {
    event.timeUs = nowUs;
    kernel.push(event);
  }
}

/** The drift changed: every pending timer fires when the monotonic clock reaches its deadline. */
function retime(kernel: FaultKernel, ep: Endpoint): void {
  for (let timer = ep.timers.head; timer !== null; timer = timer.next) {
    const old = timer.event;
    if (old.cancelled || ep.deferred.includes(old)) continue;
    old.cancelled = true;
    kernel.armTimer(ep, timer, old.kind);
  }
}
