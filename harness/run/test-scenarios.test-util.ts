/**
 * Scenarios for the runner's own tests (loaded by workers with --scenario-module): small, quick variants
 * of the examples that die, throw, miss their expectation, or are nondeterministic on purpose.
 */
import { primaryBackup } from '../../scenarios/examples/primary-backup.js';
import { quorumSet } from '../../scenarios/examples/quorum-set.js';
import type { AnyScenario } from './scenario.js';
import { eventually } from './scenario.js';
import { defineScenario } from './define-scenario.js';

const quick = { phases: { nemesisMs: 600, quiesceMs: 600 }, seeds: { test: 4, nightly: 4 } };
let builds = 0;

/**
 * Marks every body a server receives: the sender's object, which a real network would have copied. Where
 * the mark fails (bodies frozen once sent), it `throws`, or `swallows` the error and drops the message.
 */
function marksBodies(id: string, onFrozen: 'throws' | 'swallows'): AnyScenario {
  return {
    ...quorumSet, ...quick, id, tags: ['test'],
    build: (config) => {
      const system = quorumSet.build(config);
      return {
        ...system,
        servers: system.servers.map((s) => ({
          ...s,
          factory: (node: string) => {
            const server = s.factory(node);
            const onMessage = server.onMessage.bind(server);
            server.onMessage = (ctx, msg) => {
              try {
                if (typeof msg.body === 'object' && msg.body !== null) (msg.body as Record<string, unknown>).seenBy = node;
              } catch (error) {
                if (onFrozen === 'throws') throw error;
                return;
              }
              onMessage(ctx, msg);
            };
            return server;
          },
        })),
      };
    },
  };
}

const TEST_SCENARIOS: AnyScenario[] = [
  {
    ...quorumSet, ...quick, id: 'test/worker-dies', tags: ['test'], coverage: [],
    // Ends the worker thread mid-run, as an out-of-memory or a native crash would.
    build: () => process.exit(7),
  },
  {
    ...quorumSet, ...quick, id: 'test/model-throws', tags: ['test'], coverage: [],
    build: (config) => ({
      ...quorumSet.build(config),
      servers: quorumSet.build(config).servers.map((s) => ({ id: s.id, factory: () => ({ init: () => { throw new Error('model bug in init'); }, onMessage: () => {} }) })),
    }),
  },
  { ...primaryBackup, id: 'test/unsafe-expected-safe', tags: ['test', 'misjudged'], expect: 'pass' },
  { ...quorumSet, ...quick, id: 'test/safe-expected-unsafe', tags: ['test', 'misjudged'], expect: 'violation' },
  { ...quorumSet, ...quick, id: 'test/coverage-unmet', tags: ['test'], coverage: [{ goal: 'never-happens', atLeast: 1 }] },
  {
    ...quorumSet, ...quick, id: 'test/nondeterministic', tags: ['test'],
    // A different client start every build: the slip --check-determinism exists to catch.
    build: (config) => {
      const system = quorumSet.build(config);
      builds++;
      return { ...system, clients: system.clients.map((c) => ({ ...c, startMs: builds % 2 })) };
    },
  },
  marksBodies('test/mutates-sent-body', 'throws'),
  marksBodies('test/swallows-frozen-write', 'swallows'),
  {
    ...quorumSet, ...quick, id: 'test/live', tags: ['test', 'liveness'],
    liveness: [
      eventually('every server is up', (sim) => sim.serverIds.every((id) => sim.isUp(id)), 500),
      eventually('time reaches 5 s', (sim) => sim.nowUs >= 5_000_000, 300, (sim) => `true time is only ${sim.nowUs} µs`),
    ],
  },
];

export const SCENARIOS: AnyScenario[] = TEST_SCENARIOS.map((s) => defineScenario(s));
