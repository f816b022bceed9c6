import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { servingChanges, type ClientContext } from '../../harness/index.js';
import { Simulation } from '../../harness/sim/simulation.js';
import { cacheNode } from './cache-node.js';
import type { RoutingConfig, ViewPush } from './config.js';

const config = (leaseMs: number | null): RoutingConfig => ({
  vnodes: 16, keys: ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'], membersPath: '/m', pollMs: 20, leaseMs, handoffMs: 300,
  sessionTimeoutMs: 300, requestTimeoutMs: 50,
});

/** Node `a` alone, pushed the view {a} with epoch 1 at each of `pushAtMs`; its serving changes (ms, key count). */
async function servingOf(leaseMs: number | null, pushAtMs: number[]): Promise<[number, number][]> {
  const push: ViewPush = { type: 'routing-view', epoch: 1, members: ['a'], leaseMs };
  const sim = new Simulation({
    seed: 1,
    servers: [{ id: 'a', factory: cacheNode(config(leaseMs)) }],
    link: { latencyMs: 0, jitterMs: 0 },
    clients: [{
      id: 'agent',
      workload: async (ctx: ClientContext) => {
        for (const at of pushAtMs) {
          await ctx.sleep(at - ctx.monotonicNow());
          await ctx.call('a', push, { timeoutMs: 10 });
        }
      },
    }],
  });
  await sim.run(2000);
  return servingChanges(sim.logs).map((c) => [Math.round(c.timeUs / 1000), c.keys.length]);
}

const every20 = (from: number, to: number) => Array.from({ length: (to - from) / 20 + 1 }, (_, i) => from + i * 20);

test('cache node: keys are served from the handoff on, while the lease is renewed, and not after it lapses', async () => {
  assert.equal(await servingOf(200, every20(0, 400)), [[300, 6], [600, 0]]);
});

test('cache node: after a lapsed lease, a renewed one serves only after the handoff again', async () => {
  assert.equal(await servingOf(200, [...every20(0, 400), ...every20(700, 1200)]), [[300, 6], [600, 0], [1000, 6], [1400, 0]]);
});

test('cache node without a lease: serves by its last view for good', async () => {
  assert.equal(await servingOf(null, [0]), [[300, 6]]);
});

test.run();
