import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pathToFileURL } from 'node:url';
import { runPool } from '../run/pool.js';
import { loadScenarioModule } from '../run/scenario-modules.js';
import { findConfig, loadConfig } from './config-file.js';
import { runTitle } from './run-command.js';
import { expandFiles, isFileSelector, selectRun } from './scenario-selection.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-modules-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

function write(path: string, text: string): string {
  const file = join(dir, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

// A scenario module as a user writes it: TypeScript importing `faultline` (resolved to this faultline).
const scenario = (id: string, extra = '') => `
import { defineScenario, acknowledgedAdds } from 'faultline';
import { quorumSet } from '${join(process.cwd(), 'scenarios/examples/quorum-set.ts')}';
${extra}
export const s = defineScenario({ ...quorumSet, id: '${id}', tags: ['mine'], checkers: [acknowledgedAdds()] });
`;

write('package.json', '{"name":"user","type":"module"}');
const a = write('sim/a.scenario.ts', scenario('mine/a'));
write('sim/deep/b.scenario.ts', scenario('mine/b', 'const pause: number = await Promise.resolve(1); void pause;'));
write('sim/helper.ts', 'export const x = 1;\n');

test('file selectors are paths and module files; ids and tags are not', () => {
  assert.ok(isFileSelector('./sim/a.scenario.ts') && isFileSelector('sim/**/*.scenario.ts') && isFileSelector('/abs/x.mjs'));
  assert.not.ok(isFileSelector('examples/*') || isFileSelector('smoke') || isFileSelector('zookeeper/safe'));
});

test('globs expand with picomatch below their base, skipping node_modules; no match is an error', () => {
  write('sim/node_modules/c.scenario.ts', scenario('mine/c'));
  assert.equal(expandFiles('sim/**/*.scenario.ts', dir), [join(dir, 'sim/a.scenario.ts'), join(dir, 'sim/deep/b.scenario.ts')]);
  assert.throws(() => expandFiles('nothing/**/*.ts', dir), /no file matches "nothing\/\*\*\/\*\.ts"/);
});

test('a TypeScript module loads with its defineScenario exports, top-level await included, and a content hash', async () => {
  const m = await loadScenarioModule(a);
  assert.equal(m.scenarios.map((s) => s.id), ['mine/a']);
  assert.match(m.hash, /^[0-9a-f]{16}$/);
  const b = await loadScenarioModule(join(dir, 'sim/deep/b.scenario.ts'));
  assert.equal(b.scenarios.map((s) => s.id), ['mine/b']);
});

test('modules that do not compile, throw, export nothing or repeat an id fail naming the file (and line)', async () => {
  const syntax = write('bad/syntax.ts', 'export const x = ;\n');
  await rejects(loadScenarioModule(syntax), /bad\/syntax\.ts: cannot compile\n  .*syntax\.ts:1:\d+: /);
  const missing = write('bad/missing.ts', "import { nope } from './nowhere.js';\nexport default nope;\n");
  await rejects(loadScenarioModule(missing), /missing\.ts:1:\d+: Could not resolve "\.\/nowhere\.js"/);
  const throws = write('bad/throws.ts', "import { defineScenario } from 'faultline';\nexport const s = defineScenario({ id: 'x' } as never);\n");
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(true); // as the CLI runs (cli.ts): stacks name the user's lines
  try {
    await rejects(loadScenarioModule(throws), /throws\.ts: cannot load: scenario "x": description must be a string, got undefined \(thrown at .*bad\/throws\.ts:2:\d+\)/);
    // A file compiled on its own for its import.meta.url keeps its lines too.
    const own = write('bad/own-url.ts', "const here = import.meta.url;\n\nthrow new Error('thrown from ' + here);\n");
    await rejects(loadScenarioModule(own), /own-url\.ts: cannot load: thrown from file:.*own-url\.ts \(thrown at .*bad\/own-url\.ts:3:\d+\)/);
    const ownSyntax = write('bad/own-syntax.ts', 'const here = import.meta.url;\nconst x: number = ;\n');
    await rejects(loadScenarioModule(ownSyntax), /own-syntax\.ts: cannot compile\n {2}\S*bad\/own-syntax\.ts:2:\d+: Unexpected ";"/);
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
  const none = write('bad/none.ts', 'export const x = 1;\n');
  await rejects(loadScenarioModule(none), /none\.ts: exports no scenario/);
  const twice = write('bad/twice.ts', `${scenario('mine/t')}\nexport const t = defineScenario({ ...s });\n`);
  await rejects(loadScenarioModule(twice), /twice\.ts: two scenarios have the id "mine\/t"/);
});

test('selectRun mixes files, ids and tags; no selector runs the config\'s scenarios', async () => {
  const config = write('faultline.config.ts', "import { defineConfig } from 'faultline';\nexport default defineConfig({ scenarios: ['sim/**/*.scenario.ts'], workers: 1 });\n");
  assert.is(findConfig(join(dir, 'sim', 'deep')), config);
  const loaded = await loadConfig(config);
  const all = await selectRun([], { cwd: dir, config: loaded });
  assert.equal(all.selected.map((s) => s.id), ['mine/a', 'mine/b']);
  assert.not.ok(all.scenarios.some((s) => s.id === 'examples/quorum-set'), 'a config with scenarios leaves the catalogue out');
  await rejects(selectRun(['examples/quorum-set'], { cwd: dir, config: loaded }), /"examples\/quorum-set" is in the built-in catalogue, which .*faultline\.config\.ts leaves out: add catalogue: true to it/);
  const mixed = await selectRun(['./sim/a.scenario.ts', 'mine/b'], { cwd: dir, config: loaded });
  assert.equal(mixed.selected.map((s) => s.id), ['mine/a', 'mine/b']);
  const fileOnly = await selectRun(['./sim/a.scenario.ts', 'examples/quorum-set'], { cwd: dir, config: null });
  assert.equal(fileOnly.selected.map((s) => s.id), ['examples/quorum-set', 'mine/a'], 'without a config the catalogue is offered too');
  await rejects(selectRun(['mine/b'], { cwd: dir, config: null }), /unknown scenario, glob or tag "mine\/b"/);
  await rejects(selectRun([], { cwd: dir, config: null }), /name at least one scenario id, glob, tag or scenario module file .*or run it where a faultline\.config\.\{ts,mjs,js\} names your scenario files/);
  const tagged = await selectRun(['mine'], { cwd: dir, config: loaded, extraModules: [a] });
  assert.equal(tagged.selected.map((s) => s.id), ['mine/a', 'mine/b']);
});

test('import.meta.url, filename and dirname name each file of a module, the ones it imports too, on the main thread and in the pool\'s workers', async () => {
  // Each file refuses to load unless import.meta.url is its own URL, as when Node loads it.
  const own = (path: string) => `if (import.meta.url !== ${JSON.stringify(pathToFileURL(join(dir, path)).href)}) throw new Error('${path}: import.meta.url is ' + import.meta.url);
if (import.meta.filename !== ${JSON.stringify(join(dir, path))} || import.meta.dirname !== ${JSON.stringify(dirname(join(dir, path)))}) throw new Error('${path}: import.meta.filename is ' + import.meta.filename);\n`;
  write('urls/lib/where.ts', `${own('urls/lib/where.ts')}export const where = 1;\n`);
  const file = write('urls/url.scenario.ts', scenario('mine/url', `import { where } from './lib/where.js';\nvoid where;\n${own('urls/url.scenario.ts')}`));
  const m = await loadScenarioModule(file);
  assert.equal(m.scenarios.map((s) => s.id), ['mine/url']);
  const { results } = await runPool([{ index: 0, scenario: 'mine/url', seed: 1 }], { workers: 1, scenarios: new Map(m.scenarios.map((s) => [s.id, s])), scenarioModules: [file] });
  assert.is(results[0]?.error, undefined);
  assert.is(results[0]?.verdict, 'pass');
});

test('a CommonJS file that mentions import.meta only in a comment keeps its exports (it is not recompiled as an ES module)', async () => {
  write('cjs/helper.cjs', '// has no import.meta.url of its own\nmodule.exports = { seven: 7 };\n');
  const file = write('cjs/cjs.scenario.ts', scenario('mine/cjs', "import { seven } from './helper.cjs';\nif (seven !== 7) throw new Error('seven is ' + seven);\n"));
  const m = await loadScenarioModule(file);
  assert.equal(m.scenarios.map((s) => s.id), ['mine/cjs']);
});

test('a file that reads import.meta.url is compiled under its tsconfig as the others are (class fields, through extends)', async () => {
  write('tsconfig-fields/base.json', '{ "compilerOptions": { "useDefineForClassFields": false } }\n');
  write('tsconfig-fields/tsconfig.json', '{\n  // as tsc reads it\n  "extends": "./base.json",\n}\n');
  // A field only declared is no field at all without define semantics: the value set by the base constructor stays.
  const fields = 'class Base { constructor() { this.init(); } init(): void {} }\nclass Holder extends Base { value!: string; override init(): void { this.value = import.meta.url; } }\n' +
    "if (new Holder().value === undefined) throw new Error('compiled with define semantics, not as the tsconfig says');\n";
  const file = write('tsconfig-fields/fields.scenario.ts', scenario('mine/fields', fields));
  const m = await loadScenarioModule(file);
  assert.equal(m.scenarios.map((s) => s.id), ['mine/fields']);
});

test('the summary title of a bare faultline run says it ran the config\'s scenarios', () => {
  assert.is(runTitle([], null), 'faultline run (the faultline.config scenarios)');
  assert.is(runTitle(['smoke', 'mine/a'], { index: 1, count: 2 }), 'faultline run smoke mine/a (shard 1/2)');
});

test('a config with a wrong field is refused naming the file and the field', async () => {
  const bad = write('other/faultline.config.mjs', 'export default { workers: 0 };\n');
  await rejects(loadConfig(bad), /faultline\.config\.mjs: workers must be a positive integer, got 0/);
  const unknown = write('other2/faultline.config.js', 'export default { scenario: [] };\n');
  await rejects(loadConfig(unknown), /"scenario" must be one of scenarios, out, workers, budget, seeds, catalogue/);
});

test.run();
