import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockBeliefs, runEnds } from '../check/locks/notes.js';
import { compile } from '../faults/compile.js';
import type { FaultSchedule } from '../faults/types.js';
import { Simulation } from '../sim/simulation.js';
import type { NodeFactory } from '../sim/types.js';
import { realProcess } from './index.js';

const idle: NodeFactory = () => ({ onMessage() {} });

async function run(schedule: FaultSchedule, clocks = {}) {
  const sim = new Simulation({
    seed: 1, servers: [{ id: 's1', factory: idle }], clocks,
    clients: [{ id: 'c1', workload: realProcess(new URL('./fixtures/lock-holder.ts', import.meta.url)) }],
    faults: compile(schedule, { servers: ['s1'], clients: ['c1'] }),
  });
  await sim.run(5_000);
  return lockBeliefs(sim.notes, runEnds(schedule, sim.nowUs)).map((b) => [b.fromUs, b.toUs]);
}

test('a real process that crashes holding a lock believed it until the crash', async () => {
  assert.equal(await run([{ at: 100_000, kind: 'crash', node: 'c1' }]), [[5_000, 100_000]]);
});

test('one that exits holding it, until it exited or its validity passed; a crash after the validity, until the validity', async () => {
  assert.equal(await run([]), [[5_000, 1_005_000]]);
  // A clock 2x fast reaches the 1 s validity after 0.5 s of true time.
  const fast = { c1: { driftPpm: 1_000_000 } };
  assert.equal(await run([{ at: 800_000, kind: 'crash', node: 'c1' }], fast), [[2_500, 502_500]]);
  assert.equal(await run([{ at: 300_000, kind: 'crash', node: 'c1' }], fast), [[2_500, 300_000]]);
});

test.run();
