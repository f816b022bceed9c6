import type { ClientKernel } from './client.js';
import type { Endpoint } from './endpoint.js';
import { SimulationError } from './errors.js';
import { EventKind, type TimerRecord } from './events.js';
import type { NodeContext, TimerHandle } from './types.js';

/** The kernel services a server's context calls on the hot path (the Simulation itself). */
export type NodeKernel = Pick<ClientKernel, 'serverIds' | 'send' | 'startTimer' | 'cancelTimer' | 'monotonicMs' | 'wallMs' | 'cover' | 'point'>;

/** Kernel services that stay private to it, handed over as closures. */
export interface NodeServices {
  log(ep: Endpoint, message: string): void;
  buggify(probability: number): boolean;
}

/** The context a server incarnation sees: every effect goes through the kernel, and none outlives a crash. */
export function makeNodeContext(kernel: NodeKernel, services: NodeServices, ep: Endpoint): NodeContext {
  const incarnation = ep.incarnation;
  const guardLive = (what: string) => {
    if (ep.incarnation !== incarnation || !ep.up) throw new SimulationError(`${ep.id} (incarnation ${incarnation}) used ${what} after it crashed`);
  };
  return {
    id: ep.id,
    incarnation,
    peers: kernel.serverIds,
    send: (to, body) => { guardLive('send'); return kernel.send(ep, to, body); },
    reply: (to, body) => { guardLive('reply'); kernel.send(ep, to.from, body, to.id); },
    setTimer: (delayMs, payload) => {
      guardLive('setTimer');
      const timer = kernel.startTimer(ep, EventKind.Timer, delayMs, payload);
      return timer as TimerHandle;
    },
    cancelTimer: (handle) => kernel.cancelTimer(ep, handle as TimerRecord),
    monotonicNow: () => kernel.monotonicMs(ep),
    wallNow: () => kernel.wallMs(ep),
    rng: ep.rng,
    storage: ep.storage,
    log: (message) => services.log(ep, message),
    buggify: (probability) => services.buggify(probability),
    cover: (goal) => { kernel.cover(goal); kernel.point(ep, goal); },
    point: (name, detail) => kernel.point(ep, name, detail),
  };
}
