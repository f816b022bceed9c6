import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from './rng.js';
import { Simulation, type SimulationOptions } from './simulation.js';
import type { ClientWorkload, NodeFactory } from './types.js';

const draw = (rng: Rng, n = 8): number[] => Array.from({ length: n }, () => rng.next());

test('a stream depends on (seed, name) only', () => {
  assert.equal(draw(new Rng(7, 'node:a')), draw(new Rng(7, 'node:a')));
  assert.not.equal(draw(new Rng(7, 'node:a')), draw(new Rng(7, 'node:b')));
  assert.not.equal(draw(new Rng(7, 'node:a')), draw(new Rng(8, 'node:a')));
  // The seed "7" and the number 7 name the same root (both are rendered as text).
  assert.equal(draw(new Rng('7', 'x')), draw(new Rng(7, 'x')));
  // Drawing from one stream does not move another.
  const a = new Rng(3, 'a');
  const b = new Rng(3, 'b');
  draw(a, 100);
  assert.equal(draw(b), draw(new Rng(3, 'b')));
});

test('int, chance, pick and shuffle stay in range', () => {
  const rng = new Rng(1, 't');
  for (let i = 0; i < 1000; i++) {
    const v = rng.int(-2, 3);
    assert.ok(Number.isInteger(v) && v >= -2 && v <= 3);
  }
  assert.is(rng.chance(0), false);
  let hits = 0;
  for (let i = 0; i < 10_000; i++) if (rng.chance(0.3)) hits++;
  assert.ok(hits > 2700 && hits < 3300, `chance(0.3) hit ${hits}/10000`);
  assert.equal(rng.shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
  assert.throws(() => rng.pick([]), /empty/);
});

/** Each server records the first numbers its ctx.rng gives; each client, the first numbers of its rng. */
async function streams(seed: number, servers: string[], clients: string[]): Promise<Map<string, number[]>> {
  const seen = new Map<string, number[]>();
  const factory: NodeFactory = (id) => ({ init(ctx) { seen.set(id, draw(ctx.rng, 5)); }, onMessage() {} });
  const workload: ClientWorkload = async (ctx) => { seen.set(ctx.id, draw(ctx.rng, 5)); };
  const options: SimulationOptions = {
    seed,
    servers: servers.map((id) => ({ id, factory })),
    clients: clients.map((id) => ({ id, workload })),
  };
  await new Simulation(options).run();
  return seen;
}

test('adding a node or a client leaves every other stream unchanged', async () => {
  const base = await streams(11, ['n1', 'n2'], ['c1']);
  const more = await streams(11, ['n0', 'n1', 'n2', 'n3'], ['c0', 'c1', 'c2']);
  for (const id of ['n1', 'n2', 'c1']) assert.equal(more.get(id), base.get(id), id);
  // Servers and clients with the same name still draw from different streams.
  const clash = await streams(11, ['x'], ['y']);
  const clash2 = await streams(11, ['y'], ['x']);
  assert.not.equal(clash.get('x'), clash2.get('x'));
});

test('a different seed changes every stream', async () => {
  const a = await streams(1, ['n1', 'n2'], ['c1']);
  const b = await streams(2, ['n1', 'n2'], ['c1']);
  for (const id of ['n1', 'n2', 'c1']) assert.not.equal(a.get(id), b.get(id), id);
});

test.run();
