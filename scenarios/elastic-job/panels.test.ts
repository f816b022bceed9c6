/** The ElasticJob report panel: each item's runs, the checker's overlap drawn red and naming both instances. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OverlappingRuns } from '../../harness/check/sharding/exclusive-runs.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { elasticJobPausedInstance } from './index.js';
import { EXCLUSIVE_RUNS } from './shared.js';

test('an item run twice at once is a red segment over the overlap, naming both instances; re-shardings are marked', async () => {
  for (let seed = 1; seed <= 10; seed++) {
    const { result, artifacts } = await runOnce(elasticJobPausedInstance, seed, scheduleForSeed(elasticJobPausedInstance, seed));
    const check = result.checks.find((c) => c.checker === EXCLUSIVE_RUNS.name)!;
    if (check.valid !== false) continue;
    const [panel] = elasticJobPausedInstance.panels!(artifacts);
    for (const a of check.anomalies as OverlappingRuns[]) {
      const row = panel!.rows.find((r) => r.label === `item ${a.item}`)!;
      const red = row.segments.filter((s) => s.tone === 'bad' && s.fromUs < a.overlapToUs && s.toUs > a.overlapFromUs);
      assert.ok(red.length > 0, `item ${a.item}: a red segment over ${a.overlapFromUs}..${a.overlapToUs}`);
      assert.ok(red.every((s) => s.text.includes(a.first.node) && s.text.includes(a.second.node)), red.map((s) => s.text).join(', '));
    }
    // Outside every overlap, no segment is red.
    const overlaps = check.anomalies as OverlappingRuns[];
    for (const r of panel!.rows) {
      for (const s of r.segments.filter((x) => x.tone === 'bad')) {
        assert.ok(overlaps.some((a) => `item ${a.item}` === r.label && s.fromUs < a.overlapToUs && s.toUs > a.overlapFromUs) || overlaps.length === 20, `${r.label}: ${s.text} at ${s.fromUs}`);
      }
    }
    assert.ok((panel!.rows[0]!.marks ?? []).some((m) => m.label.startsWith('re-sharded by')), 're-sharding marks');
    return;
  }
  assert.unreachable('no overlapping runs in 10 seeds');
});

test.run();
