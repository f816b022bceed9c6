/**
 * The ID scenarios swept over their seeds (see sweep.test-util.ts): ignoring a clock gone back issues
 * duplicates; refuse, wait and keep-last never do, and their nemesis did put a clock behind. A segment
 * allocator that uses the range of an unanswered counter write issues duplicates; one that abandons it
 * never does, and its nemesis did lose such a write.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { determinismTest, sweepTests } from '../sweep.test-util.js';
import { ID_GENERATOR_SCENARIOS } from './index.js';

const UNIQUE = 'unique IDs (globally distinct, increasing per worker)';
const UNIQUE_SEGMENT = 'unique IDs (globally distinct, increasing per allocator)';
const FLAWS: Record<string, string[]> = { 'id-generator/snowflake-ignore': [UNIQUE], 'id-generator/segment-assume-applied': [UNIQUE_SEGMENT] };

sweepTests(ID_GENERATOR_SCENARIOS, {
  flawCheckers: FLAWS,
  after: (scenario, runs) => {
    const flaw = FLAWS[scenario.id]?.[0];
    if (flaw === undefined) return;
    // A duplicate, not only a decrease: the same ID handed out twice.
    assert.ok(runs.some(({ result }) => (result.checks.find((c) => c.checker === flaw)?.stats?.duplicates as number) > 0));
  },
});

determinismTest(ID_GENERATOR_SCENARIOS[2]!, 3);

test.run();
