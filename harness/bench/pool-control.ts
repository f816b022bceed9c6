/**
 * A control for the pool benchmark, loaded into the workers as an extra scenario module: five servers
 * bouncing pings under the quorum-set nemesis, with no clients, history or checker. Its seeds are as
 * CPU-bound as the examples' but keep almost nothing alive, so the garbage collector has little to copy:
 * its scaling shows what the pool itself allows, apart from the collector's helper threads.
 */
import { quorumSet } from '../../scenarios/examples/quorum-set.js';
import { defineScenario } from '../run/define-scenario.js';
import type { AnyScenario } from '../run/scenario.js';
import type { NodeFactory } from '../sim/types.js';

const pingPong: NodeFactory = (id) => ({
  init(ctx) {
    if (id === 'n1') for (const peer of ctx.peers) if (peer !== id) ctx.send(peer, 0);
  },
  onMessage(ctx, message) {
    ctx.send(message.from, (message.body as number) + 1);
  },
});

export const POOL_CONTROL = 'bench/ping-pong';

export const SCENARIOS: AnyScenario[] = [defineScenario<unknown>({
  ...quorumSet, id: POOL_CONTROL, tags: ['bench'], coverage: [], checkers: [],
  build: () => ({ servers: quorumSet.topology.servers.map((id) => ({ id, factory: pingPong })), clients: [] }),
})];
