/** The regression corpus: every replay file in fixtures/regressions must reproduce its trace hash and verdict. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { replayRun } from '../cli/replay-command.js';

const DIR = fileURLToPath(new URL('../../fixtures/regressions/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.replay')).sort();

test('the corpus is not empty', () => {
  assert.ok(files.includes('examples__primary-backup-seed3-shrunk.replay'));
});

for (const file of files) {
  test(`${file} reproduces its trace hash and verdict`, async () => {
    const { replay, result, reproduced, problem } = await replayRun(join(DIR, file));
    assert.ok(reproduced, `${problem ?? ''}\n(after an intended kernel or model change: npx faultline replay fixtures/regressions/${file} --update)`);
    assert.is(result.traceHash, replay.traceHash);
    assert.is(result.verdict, replay.verdict);
  });
}

test.run();
