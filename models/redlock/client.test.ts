import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs, runEnds } from '../../harness/check/locks/notes.js';
import { compile } from '../../harness/faults/compile.js';
import type { FaultSchedule } from '../../harness/faults/types.js';
import { Simulation } from '../../harness/sim/simulation.js';
import { redisNode } from '../redis/server.js';
import { lockClient } from './client.js';
import { resourceNode } from './resource.js';
import { singleInstanceLock } from './single.js';

/**
 * c1 takes a single-instance lock (1 s TTL) at once and holds it about half a second; the Redis node
 * loses the key in a crash-restart without persistence at 100 ms, so c2 takes the lock too. `c1CrashMs`:
 * when c1 crashes, holding the lock; `c1PauseMs`: when it pauses before that.
 */
async function run(c1CrashMs: number, options: { c1PauseMs?: number; c1DriftPpm?: number } = {}) {
  const service = singleInstanceLock({ node: 'redis', ttlMs: 1000, timeoutMs: 20, fencingCounter: null });
  const config = { lock: 'L', resource: 'res', fencing: false, writesPerSession: 5, workMs: 100, writeTimeoutMs: 20, thinkMs: [5000, 5000] as [number, number], retryMs: [10, 10] as [number, number], extend: false };
  const schedule: FaultSchedule = [
    { at: c1CrashMs * 1000, kind: 'crash', node: 'c1' },
    ...(options.c1PauseMs === undefined ? [] : [{ at: options.c1PauseMs * 1000, kind: 'pause', node: 'c1' }]),
    { at: 100_000, kind: 'restart', node: 'redis' },
  ].sort((a, b) => a.at - b.at) as FaultSchedule;
  const c2 = lockClient(service, config);
  const sim = new Simulation({
    seed: 1, link: { latencyMs: 1, jitterMs: 0 },
    servers: [{ id: 'redis', factory: redisNode({ persistence: 'none' }) }, { id: 'res', factory: resourceNode({ fencing: false }) }],
    clients: [{ id: 'c1', workload: lockClient(service, config) }, { id: 'c2', workload: async (ctx) => { await ctx.sleep(50); await c2(ctx); } }],
    faults: compile(schedule, { servers: ['redis', 'res'], clients: ['c1', 'c2'] }),
    clocks: { c1: { driftPpm: options.c1DriftPpm ?? 0 } },
  });
  await sim.run(2000);
  return { sim, beliefs: lockBeliefs(sim.notes, runEnds(schedule, sim.nowUs)) };
}

test('a holder that crashes after another client took the lock overlaps it', async () => {
  const { beliefs } = await run(300);
  const c1 = beliefs.find((b) => b.client === 'c1');
  assert.is(c1?.toUs, 300_000, 'c1 believed until it crashed');
  const r = checkLockExclusivity(beliefs);
  assert.is(r.valid, false, r.explanation);
  assert.match(r.explanation, /c1 \(c1#1\) and c2 \(c2#\d+\) both held "L"/);
});

test('a holder that crashes before the other took the lock does not', async () => {
  const { beliefs } = await run(60);
  assert.is(beliefs.find((b) => b.client === 'c1')?.toUs, 60_000);
  assert.ok(beliefs.some((b) => b.client === 'c2'), 'c2 took the lock');
  assert.is(checkLockExclusivity(beliefs).valid, true);
});

test('a holder paused past its validity, then crashed, believed until its validity, at its clock\'s rate', async () => {
  // Validity: 1 s TTL less the 12 ms drift allowance from the start of the acquisition (true time 0) on
  // c1's clock, which runs twice as fast: 494 ms of true time.
  const { beliefs } = await run(1500, { c1PauseMs: 50, c1DriftPpm: 1_000_000 });
  assert.equal(beliefs.filter((b) => b.client === 'c1').map((b) => [b.fromUs, b.toUs]), [[2_000, 494_000]]);
});

test.run();
