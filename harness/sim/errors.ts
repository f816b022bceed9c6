/** A scenario, model or harness misuse the kernel reports (unknown node, bad timer, a handler that threw). */
export class SimulationError extends Error {
  override name = 'SimulationError';
}
