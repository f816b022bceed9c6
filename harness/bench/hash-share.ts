/**
 * What the trace hash costs a real seed: zookeeper/safe seeds are run as usual (seeds per second), then once
 * more with every TraceHash call recorded; replaying the recorded calls into a fresh TraceHash times the
 * hashing alone. hashShare = replay time / run time (medians). Prints numbers; asserts nothing.
 */
import { runSeed } from '../run/run-seed.js';
import { allScenarios } from '../run/registry.js';
import { TraceHash } from '../sim/trace-hash.js';
import { median } from './median.js';

const SCENARIO = 'zookeeper/safe';

type Call = { method: 'int'; n: number } | { method: 'ints'; a: number; b: number; c: number; d: number } | { method: 'str'; s: string } | { method: 'value'; v: unknown };

function replay(calls: readonly Call[]): number {
  const h = new TraceHash();
  const t = performance.now();
  for (const c of calls) {
    if (c.method === 'int') h.int(c.n);
    else if (c.method === 'ints') h.ints(c.a, c.b, c.c, c.d);
    else if (c.method === 'str') h.str(c.s);
    else h.value(c.v);
  }
  return performance.now() - t;
}

export async function benchHashShare(seeds = 10, rounds = 5): Promise<{ seedsPerSec: number; hashShare: number; hashCalls: number }> {
  const scenario = allScenarios().find((s) => s.id === SCENARIO);
  if (scenario === undefined) throw new Error(`bench: scenario ${SCENARIO} is missing`);
  const sweep = async (): Promise<number> => {
    const t = performance.now();
    for (let seed = 1; seed <= seeds; seed++) await runSeed(scenario, seed);
    return performance.now() - t;
  };
  await sweep(); // warm-up
  const proto = TraceHash.prototype;
  const original = { int: proto.int, ints: proto.ints, str: proto.str, value: proto.value };
  const calls: Call[] = [];
  proto.int = function (this: TraceHash, n: number) { calls.push({ method: 'int', n }); original.int.call(this, n); };
  proto.ints = function (this: TraceHash, a: number, b: number, c: number, d = 0) { calls.push({ method: 'ints', a, b, c, d }); original.ints.call(this, a, b, c, d); };
  proto.str = function (this: TraceHash, s: string) { calls.push({ method: 'str', s }); original.str.call(this, s); };
  proto.value = function (this: TraceHash, v: unknown) { calls.push({ method: 'value', v }); original.value.call(this, v); };
  try {
    await sweep();
  } finally {
    Object.assign(proto, original);
  }
  replay(calls); // warm-up
  const runs: number[] = [];
  const hashing: number[] = [];
  for (let r = 0; r < rounds; r++) {
    runs.push(await sweep());
    hashing.push(replay(calls));
  }
  return { seedsPerSec: (seeds / median(runs)) * 1000, hashShare: median(hashing) / median(runs), hashCalls: calls.length };
}
