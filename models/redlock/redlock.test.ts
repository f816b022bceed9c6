import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../harness/faults/compile.js';
import { customPartition, cut } from '../../harness/faults/partitions.js';
import type { FaultSchedule } from '../../harness/faults/types.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, ClockSpec } from '../../harness/sim/types.js';
import { redisNode } from '../redis/server.js';
import { redlock } from './redlock.js';
import type { Grant } from './service.js';
import { singleInstanceLock } from './single.js';

const NODES = ['r1', 'r2', 'r3', 'r4', 'r5'];

/** One client tries one Redlock acquisition; returns the grant (or null) and the run. */
async function acquireOnce(faults: FaultSchedule = [], options: { latencyMs?: number; clocks?: Record<string, ClockSpec> } = {}) {
  let grant: Grant | null | undefined;
  const service = redlock({ nodes: NODES, ttlMs: 1000, nodeTimeoutMs: 20, fence: { node: 'fence', key: 'f', timeoutMs: 20 } });
  const workload = async (ctx: ClientContext) => {
    await ctx.sleep(1);
    grant = await service.acquire(ctx, 'lock', 'v1');
  };
  const servers = [...NODES, 'fence'].map((id) => ({ id, factory: redisNode({ persistence: 'none' }) }));
  const sim = new Simulation({
    seed: 1, servers, clients: [{ id: 'c', workload }], link: { latencyMs: options.latencyMs ?? 1, jitterMs: 0 },
    faults: compile(faults, { servers: [...NODES, 'fence'], clients: ['c'] }), ...(options.clocks ? { clocks: options.clocks } : {}),
  });
  await sim.run(500);
  const held = NODES.filter((id) => sim.nodeState<{ keyspace: { snapshot(): Map<string, { value: string }> } }>(id)?.keyspace.snapshot().get('lock')?.value === 'v1');
  return { grant, held };
}

test('redlock: a majority grants; validity counts from the start, minus the drift allowance', async () => {
  const { grant, held } = await acquireOnce();
  assert.ok(grant);
  assert.equal(grant.nodes, NODES);
  assert.is(grant.deadlineMono, grant.startMono + 1000 - (1000 * 0.01 + 2));
  assert.is(grant.token, 1);
  assert.equal(held, NODES);
});

test('redlock: a bare majority is enough', async () => {
  const { grant } = await acquireOnce([customPartition(0, cut(['c'], ['r4', 'r5']))]);
  assert.equal(grant?.nodes, ['r1', 'r2', 'r3']);
});

test('redlock: a minority fails and unlocks the nodes it did get', async () => {
  const { grant, held } = await acquireOnce([customPartition(0, cut(['c'], ['r3', 'r4', 'r5']))]);
  assert.is(grant, null);
  assert.equal(held, []);
});

test('redlock: a majority that took longer than the TTL is no lock', async () => {
  // 5 sequential round trips of 2 x 110 ms: the per-node timeout is raised by the slow link instead.
  let grant: Grant | null | undefined;
  const service = redlock({ nodes: NODES, ttlMs: 1000, nodeTimeoutMs: 300, fence: null });
  const sim = new Simulation({
    seed: 1, servers: NODES.map((id) => ({ id, factory: redisNode({ persistence: 'none' }) })),
    clients: [{ id: 'c', workload: async (ctx) => { grant = await service.acquire(ctx, 'lock', 'v'); } }],
    link: { latencyMs: 110, jitterMs: 0 },
  });
  await sim.run(3000);
  assert.is(grant, null);
});

test('single instance: SET NX PX, with the fencing token from the same script', async () => {
  const grants: (Grant | null)[] = [];
  const service = singleInstanceLock({ node: 'r1', ttlMs: 1000, timeoutMs: 20, fencingCounter: 'fence' });
  const sim = new Simulation({
    seed: 1, servers: [{ id: 'r1', factory: redisNode({ persistence: 'none' }) }],
    clients: [{
      id: 'c',
      workload: async (ctx) => {
        const a = await service.acquire(ctx, 'lock', 'a');
        grants.push(a, await service.acquire(ctx, 'lock', 'b'));
        if (a) service.release(ctx, a);
        await ctx.sleep(5);
        grants.push(await service.acquire(ctx, 'lock', 'c'));
      },
    }],
  });
  await sim.run(1000);
  assert.equal(grants.map((g) => g?.token ?? null), [1, null, 2]);
});

test.run();
