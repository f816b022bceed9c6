/**
 * The routing scenarios swept over their seeds (see sweep.test-util.ts): serving by the last pushed view
 * gives two owners of a key once an agent is cut off; leases with a handoff wait never do, and their
 * nemesis did make a node's lease lapse. Each half of the leased design is needed: without the handoff
 * wait the same nemesis finds two owners.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ROUTING_SCENARIOS } from './index.js';
import { routingLeased } from './leased.js';

const SINGLE_OWNER = 'single owner (one node serves a key at a time, whatever its membership epoch)';

sweepTests(ROUTING_SCENARIOS, {
  flawCheckers: { 'routing/partitioned-member': [SINGLE_OWNER] },
  onSeed: (_scenario, { result }) => {
    // The moved-key statistic is there whenever membership changed by one member.
    const stats = result.checks.find((c) => c.checker === SINGLE_OWNER)?.stats;
    if ((stats?.membershipChanges as number) > 0) assert.ok((stats?.meanMovedShare as number) > 0 && (stats?.meanMovedShare as number) < 1);
  },
});

test('routing/leased-handoff without the handoff wait: two owners within 20 seeds', async () => {
  const scenario = { ...routingLeased, config: { ...routingLeased.config, routing: { ...routingLeased.config.routing, handoffMs: 0 } } };
  let found = false;
  for (let seed = 1; seed <= 20 && !found; seed++) {
    const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
    found = result.checks.some((c) => c.checker === SINGLE_OWNER && c.valid === false);
  }
  assert.ok(found);
});

determinismTest(routingLeased, 2);

test.run();
