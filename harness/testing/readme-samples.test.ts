/**
 * The README's code samples for a project of your own are the files of fixtures/user-project, byte for byte,
 * so what package.test.ts installs, type-checks and runs is what a newcomer copies. A sample names its file
 * on its first line (`// sim/register.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROJECT = `${ROOT}fixtures/user-project/`;
const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const samples = [...readme.matchAll(/```(?:ts|js)\n(\/\/ ([\w./-]+\.[mc]?[jt]s)\b[^\n]*\n[\s\S]*?)```/g)].map((m) => ({ path: m[2]!, text: m[1]! }));

test('the README shows a model, its scenarios, a config, a test and a real-client scenario, each naming its file', () => {
  assert.equal(samples.map((s) => s.path), ['sim/register.ts', 'sim/register.scenario.ts', 'faultline.config.ts', 'test/register.test.ts', 'real/lock-client.js', 'real/redlock.scenario.ts']);
});

test('each sample is the file of the same path in fixtures/user-project', () => {
  for (const { path, text } of samples) {
    assert.ok(existsSync(PROJECT + path), `fixtures/user-project/${path} is missing`);
    assert.fixture(readFileSync(PROJECT + path, 'utf8'), text, `README sample ${path} differs from fixtures/user-project/${path}`);
  }
});

test.run();
