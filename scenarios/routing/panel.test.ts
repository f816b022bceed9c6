import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { readReplayFile } from '../../harness/run/replay-file.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { routingLeased } from './leased.js';
import { routingPanel } from './panel.js';
import { routingPartitionedMember } from './partitioned-member.js';

const REPLAY = fileURLToPath(new URL('../../fixtures/regressions/routing__partitioned-member-seed3-shrunk.replay', import.meta.url));

test('routing panel: red where the cut-off node and the one that took its keys both served them', async () => {
  const replay = readReplayFile(REPLAY);
  const { artifacts } = await runOnce(routingPartitionedMember, replay.seed, replay.schedule, replay.maxOps !== undefined ? { maxOps: replay.maxOps } : {});
  const panel = routingPanel(artifacts, ['cache1', 'cache2', 'cache3']);
  const red = panel.rows.filter((r) => r.segments.some((s) => s.tone === 'bad')).map((r) => r.label);
  assert.ok(red.includes('cache2'), 'the cut-off node');
  assert.ok(red.length >= 2);
  assert.ok(panel.rows.every((r) => (r.marks ?? []).length > 0), 'every node adopted a view');
});

test('routing panel: nothing red on a passing run', async () => {
  const { artifacts, result } = await runOnce(routingLeased, 1, scheduleForSeed(routingLeased, 1));
  assert.is(result.verdict, 'pass');
  const panel = routingPanel(artifacts, ['cache1', 'cache2', 'cache3', 'cache4']);
  assert.ok(panel.rows.every((r) => r.segments.every((s) => s.tone !== 'bad')));
  assert.match(panel.rows[0]?.segments[0]?.text ?? '', /^epoch \d+: \d+ keys$/);
});

test.run();
