/**
 * The Snowflake scenarios swept over their seeds (see sweep.test-util.ts): ignoring a clock gone back
 * issues duplicates; refuse, wait and keep-last never do, and their nemesis did put a clock behind.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ID_GENERATOR_SCENARIOS } from './index.js';

const UNIQUE = 'unique IDs (globally distinct, increasing per worker)';

sweepTests(ID_GENERATOR_SCENARIOS, {
  flawCheckers: { 'id-generator/snowflake-ignore': [UNIQUE] },
  after: (scenario, runs) => {
    if (scenario.expect !== 'violation') return;
    // A duplicate, not only a decrease: the same ID handed out twice.
    assert.ok(runs.some(({ result }) => (result.checks.find((c) => c.checker === UNIQUE)?.stats?.duplicates as number) > 0));
  },
});

determinismTest(ID_GENERATOR_SCENARIOS[2]!, 3);

test.run();
