/**
 * What the trace hash costs a real seed: zookeeper/safe seeds run as usual (seeds per wall second and per
 * CPU second of the process, medians of sweeps; the CPU figure moves less when other work shares the
 * machine), then sweeps under V8's sampling profiler (node:inspector): hashShare = the share of samples
 * whose own frame is in sim/trace-hash. Prints numbers; asserts nothing.
 */
import { Session } from 'node:inspector/promises';
import { runSeed } from '../run/run-seed.js';
import { allScenarios } from '../run/registry.js';
import { median } from './median.js';

const SCENARIO = 'zookeeper/safe';

interface ProfileNode {
  id: number;
  callFrame: { url: string };
}

export interface HashShare {
  seedsPerSec: number;
  seedsPerCpuSec: number;
  hashShare: number;
  samples: number;
}

export async function benchHashShare(seeds = 10, rounds = 5): Promise<HashShare> {
  const scenario = allScenarios().find((s) => s.id === SCENARIO);
  if (scenario === undefined) throw new Error(`bench: scenario ${SCENARIO} is missing`);
  const sweep = async (): Promise<{ ms: number; cpuMs: number }> => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    for (let seed = 1; seed <= seeds; seed++) await runSeed(scenario, seed);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
  };
  await sweep(); // warm-up
  const runs: { ms: number; cpuMs: number }[] = [];
  for (let r = 0; r < rounds; r++) runs.push(await sweep());
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    for (let r = 0; r < 3; r++) await sweep();
    const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[] } };
    const hashing = new Set(profile.nodes.filter((n) => /sim\/trace-hash\.[jt]s$/.test(n.callFrame.url)).map((n) => n.id));
    const inHash = profile.samples.filter((id) => hashing.has(id)).length;
    return {
      seedsPerSec: (seeds / median(runs.map((r) => r.ms))) * 1000,
      seedsPerCpuSec: (seeds / median(runs.map((r) => r.cpuMs))) * 1000,
      hashShare: inHash / profile.samples.length,
      samples: profile.samples.length,
    };
  } finally {
    session.disconnect();
  }
}
