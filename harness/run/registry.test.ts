import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allTags, findScenario, selectScenarios, UsageError } from './registry.js';

test('selects by id, glob and tag, in registry order, each once', () => {
  assert.equal(selectScenarios(['examples/quorum-set']).map((s) => s.id), ['examples/quorum-set']);
  assert.equal(selectScenarios(['examples/*']).map((s) => s.id), ['examples/primary-backup', 'examples/quorum-set']);
  assert.equal(selectScenarios(['examples/quorum-set', 'examples']).map((s) => s.id), ['examples/primary-backup', 'examples/quorum-set']);
  assert.ok(allTags().includes('smoke'));
});

test('unknown selectors list the valid ids and tags', () => {
  for (const bad of [['nope'], ['zk/*'], []]) {
    try {
      selectScenarios(bad);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, UsageError);
      assert.match((e as Error).message, /valid ids: examples\/primary-backup, examples\/quorum-set/);
      assert.match((e as Error).message, /valid tags: .*smoke/);
    }
  }
  assert.throws(() => findScenario('x'), /valid ids/);
});

test.run();
