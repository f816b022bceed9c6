/**
 * Both ElasticJob scenarios swept over their seeds (see sweep.test-util.ts): the crash-stop one never fails;
 * the paused-instance one finds two runners of one item, only through exclusivity (liveness and
 * ZooKeeper's own guarantees hold), and the run of the paused instance spans its pause. Also determinism
 * of one seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OverlappingRuns } from '../../harness/check/sharding/exclusive-runs.js';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ELASTIC_JOB_SCENARIOS } from './index.js';
import { EXCLUSIVE_RUNS } from './shared.js';

sweepTests(ELASTIC_JOB_SCENARIOS, {
  flawCheckers: { 'elastic-job/paused-instance': [EXCLUSIVE_RUNS.name] },
  // The earlier run belongs to an instance paused while it ran: it started before the pause and ended after the resume.
  onViolation: (_, { seed, schedule, result }) => {
    const a = result.checks.find((c) => c.checker === EXCLUSIVE_RUNS.name)!.anomalies[0] as OverlappingRuns;
    const node = a.first.node;
    const pause = schedule.find((f) => f.kind === 'pause' && f.node === node && f.at > a.first.startUs && f.at < a.first.endUs);
    assert.ok(pause !== undefined, `seed ${seed}: ${JSON.stringify(a)}`);
  },
});

determinismTest(ELASTIC_JOB_SCENARIOS[1]!, 2);

test.run();
