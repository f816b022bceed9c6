import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../sim/rng.js';
import { soakSchedule } from './soak.js';
import { SWARM_PROFILES, swarmProfile, withProfile } from './swarm.js';
import { isHealed } from './heal.js';
import { validate } from './validate.js';
import type { Topology } from './types.js';
import type { ScheduleOptions } from './options.js';

const topology: Topology = { servers: ['n1', 'n2', 'n3', 'n4', 'n5'], clients: ['c1'] };
const options: ScheduleOptions = { startUs: 0, endUs: 600_000_000, maxFaults: 300, maxDurationUs: 20_000_000 };
const rngFor = (seed: number): (() => number) => {
  const rng = new Rng(seed, 'faults');
  return () => rng.next();
};

test('soak: same seed, same schedule; another seed, another one', () => {
  const a = soakSchedule(rngFor(11), topology, options);
  const b = soakSchedule(rngFor(11), topology, options);
  const c = soakSchedule(rngFor(12), topology, options);
  assert.equal(a, b);
  assert.not.equal(a, c);
  assert.ok(a.length > 100, `a long schedule (${a.length} faults)`);
});

test('soak schedules validate and end healed, for any enabled mix', () => {
  for (let seed = 0; seed < 30; seed++) {
    const profile = swarmProfile(rngFor(seed));
    const schedule = soakSchedule(rngFor(seed + 1000), topology, withProfile(options, profile));
    validate(schedule, topology);
    assert.ok(isHealed(schedule), `${profile.name} seed ${seed}`);
    for (let i = 1; i < schedule.length; i++) assert.ok((schedule[i - 1]?.at ?? 0) <= (schedule[i]?.at ?? 0));
  }
});

test('swarm profiles: deterministic per seed, and every profile turns up', () => {
  assert.equal(swarmProfile(rngFor(5)), swarmProfile(rngFor(5)));
  const seen = new Set<string>();
  for (let seed = 0; seed < 200; seed++) seen.add(swarmProfile(rngFor(seed)).name);
  assert.equal([...seen].sort(), [...SWARM_PROFILES].sort());
  const quiet = withProfile(options, { name: 'quiet', intensity: 0.1, mix: { kinds: ['link'], linkLossMax: 0 } });
  assert.is(quiet.maxFaults, 30);
  assert.equal(quiet.kinds, ['link']);
  assert.is(quiet.endUs, options.endUs);
  const noClocks = withProfile({ ...options, kinds: ['crash', 'partition'] }, { name: 'everything', intensity: 1, mix: { kinds: ['crash', 'clock-jump'] } });
  assert.equal(noClocks.kinds, ['crash'], 'kinds the base leaves out stay out');
});

test('a profile only produces its own kinds', () => {
  for (let seed = 0; seed < 50; seed++) {
    const profile = swarmProfile(rngFor(seed));
    const kinds = new Set<string>(profile.mix.kinds ?? []);
    const undo: Record<string, string> = { heal: 'partition', restart: 'crash', resume: 'pause', 'link-reset': 'link' };
    for (const f of soakSchedule(rngFor(seed), topology, withProfile(options, profile))) {
      assert.ok(kinds.has(undo[f.kind] ?? f.kind), `${profile.name}: ${f.kind}`);
    }
  }
});

test.run();
