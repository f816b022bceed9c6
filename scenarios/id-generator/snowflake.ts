/**
 * Snowflake IDs under wall-clock faults on the generators: steps back and forth (NTP corrections, a VM
 * restored from a snapshot) and drift. Ignoring a clock that went back issues IDs of the past again:
 * duplicates. Refusing, waiting (up to 100 ms, then refusing) and keeping the last timestamp keep IDs
 * unique and increasing per worker, as long as a generator does not restart (its last timestamp is in
 * memory, as in Snowflake): no crashes here.
 */
import { defineScenario, faultsAtPoints, uniqueIds, type ModelPanel, type RunArtifacts } from '../../harness/index.js';
import { idClient, snowflakeGenerator, type BackwardClockPolicy, type SnowflakeConfig } from '../../models/id-generator/index.js';

const GENERATORS = ['g1', 'g2', 'g3'];
const CLIENTS = ['c1', 'c2', 'c3'];

export interface SnowflakeScenarioConfig { snowflake: SnowflakeConfig; timeoutMs: number; thinkMs: [number, number] }

const config = (policy: BackwardClockPolicy): SnowflakeScenarioConfig => ({
  // Twitter's epoch (2010-11-04T01:42:54.657Z).
  snowflake: { workers: { g1: 1, g2: 2, g3: 3 }, epochMs: 1288834974657, policy, maxWaitMs: 100 },
  timeoutMs: 200,
  thinkMs: [0, 2],
});

/** Per generator, the wall clock's offset from true time at the faults that moved it (from the schedule). */
function clockPanel(run: RunArtifacts): ModelPanel {
  const endUs = run.sim.nowUs;
  return {
    title: 'Generator wall clocks: steps applied by the nemesis (ms; red: behind where it was)',
    rows: GENERATORS.map((node) => {
      let offset = 0;
      let fromUs = 0;
      const segments: ModelPanel['rows'][number]['segments'] = [];
      for (const f of run.schedule) {
        if (f.kind !== 'clock-jump' || f.node !== node) continue;
        segments.push({ fromUs, toUs: f.at, text: `${offset >= 0 ? '+' : ''}${offset} ms`, tone: offset < 0 ? 'bad' : 'neutral' });
        offset += f.deltaMs;
        fromUs = f.at;
      }
      segments.push({ fromUs, toUs: endUs, text: `${offset >= 0 ? '+' : ''}${offset} ms`, tone: offset < 0 ? 'bad' : 'neutral' });
      return { label: node, segments };
    }),
  };
}

const shared = {
  topology: { servers: GENERATORS, clients: CLIENTS },
  build: (c: SnowflakeScenarioConfig) => ({
    servers: GENERATORS.map((id) => ({ id, factory: snowflakeGenerator(c.snowflake) })),
    clients: CLIENTS.map((id) => ({ id, workload: idClient({ generators: GENERATORS, timeoutMs: c.timeoutMs, thinkMs: c.thinkMs }) })),
  }),
  nemesis: {
    schedule: { kinds: ['clock-jump', 'clock-drift'] as const, clockNodes: GENERATORS, clockJumpMsMax: 300, maxFaults: 4, minDurationUs: 20_000, maxDurationUs: 1_000_000 },
    // A step of the wall clock on a generator that has just issued IDs: a step back lands in milliseconds it has used.
    triggered: faultsAtPoints({
      points: ['snowflake:issued'], maxOccurrence: 600, kinds: ['clock-jump'], victims: GENERATORS, durationMs: { min: 20, max: 500 }, clockJumpMsMax: 300, maxFaults: 3,
    }),
  },
  phases: { nemesisMs: 2000, quiesceMs: 300 },
  checkers: [uniqueIds()],
  panels: (run: RunArtifacts) => [clockPanel(run)],
};

export const snowflakeIgnore = defineScenario({
  ...shared,
  id: 'id-generator/snowflake-ignore',
  description: 'Snowflake that ignores a clock gone back. Expected violation: the same ID issued twice, and a worker\'s IDs going down.',
  tags: ['id-generator', 'smoke', 'nightly'],
  expect: 'violation',
  config: config('ignore'),
  seeds: { test: 8, nightly: 50 },
});

const safe = (policy: BackwardClockPolicy, smoke: boolean) => defineScenario({
  ...shared,
  id: `id-generator/snowflake-${policy}`,
  description: `Snowflake with the ${policy} policy for a clock gone back. Expected: every ID distinct, each worker's increasing.`,
  tags: ['id-generator', ...(smoke ? ['smoke'] : []), 'nightly'],
  expect: 'pass',
  config: config(policy),
  seeds: { test: 8, nightly: 200 },
  coverage: [{ goal: 'snowflake:clock-behind', atLeast: 1 }],
});

export const snowflakeRefuse = safe('refuse', true);
export const snowflakeWait = safe('wait', true);
export const snowflakeKeepLast = safe('keep-last', false);
