import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectTargets, lintFiles, lintSource, tokenize } from './lint.js';

/** [line, call] pairs, in order. */
const found = (source: string) => lintSource(source).map((f) => [f.line, f.call]);

const CLEAN = `
import type { NodeFactory } from '../../harness/sim/index.js';
import { helper } from './fs.js';            // a local module named fs is fine
// Math.random() and Date.now() in a comment are fine.
/* so is setTimeout(() => {}, 10) in a block comment,
   new Date() too */
const text = 'Math.random() in a string';
const other = "Date.now()";
const tpl = \`performance.now() in template text \${'setTimeout'}\`;
const re = /Math.random\\(\\)/g;
const ratio = 6 / 2 / 3; // division, not a regex
export const factory: NodeFactory = (id) => ({
  init(ctx) {
    const jitter = ctx.rng.next();
    const at = new Date(ctx.wallNow());
    const parsed = new Date('2026-01-01');
    ctx.setTimer(jitter * 10, { id, at: at.getTime(), parsed });
    const options = { setTimeout: 5 };    // an object key, not a call
    this.setTimeout?.();                  // some object's own method
    ctx.rng.randomUUID?.();
    my.Math.random();                     // not the global Math
  },
  onMessage(ctx, msg) { ctx.reply(msg, { now: ctx.monotonicNow(), ratio, text, other, tpl, re, helper, options }); },
});
`;

test('a clean model passes', () => {
  assert.equal(found(CLEAN), []);
});

const DIRTY = [
  'const a = Math.random();',
  'const b = Date.now();',
  'const c = new Date();',
  'const d = performance.now();',
  'setTimeout(() => tick(), 10);',
  'const h = setInterval(tick, 10);',
  'setImmediate(tick);',
  'crypto.getRandomValues(buf);',
  'const id = crypto.randomUUID();',
  "import { randomBytes } from 'node:crypto';",
  'const t = process.hrtime.bigint();',
  "import { readFileSync } from 'node:fs';",
  "import * as fs from 'fs';",
  "import net from 'node:net';",
  "import http from 'node:http';",
  "const later = await import('fs/promises');",
  'const x = globalThis.setTimeout;',
  "const y = Math['random']();",
  'const z = new Date;',
  'const s = Date();',
  'const q = Math?.random();',
];

test('each forbidden call is caught on its own line', () => {
  const source = DIRTY.join('\n');
  assert.equal(found(source), [
    [1, 'Math.random()'],
    [2, 'Date.now()'],
    [3, 'new Date()'],
    [4, 'performance.now()'],
    [5, 'setTimeout()'],
    [6, 'setInterval()'],
    [7, 'setImmediate()'],
    [8, 'crypto.getRandomValues()'],
    [9, 'crypto.randomUUID()'],
    [10, 'randomBytes()'],
    [11, 'process.hrtime()'],
    [12, "import 'node:fs'"],
    [13, "import 'fs'"],
    [14, "import 'node:net'"],
    [15, "import 'node:http'"],
    [16, "import 'fs/promises'"],
    [17, 'setTimeout()'],
    [18, 'Math.random()'],
    [19, 'new Date()'],
    [20, 'Date()'],
    [21, 'Math.random()'],
  ]);
});

test('line numbers survive multi-line comments, strings and templates; code inside ${} is checked', () => {
  const source = [
    '/* line 1',
    '   line 2 */ const a = 1;',
    'const s = `line 3',
    'line 4 ${Date.now()} line 4',
    'line 5 ${ { nested: `x${Math.random()}` }.nested }`;',
    "const t = 'it\\'s Date.now()'; setTimeout(f);",
  ].join('\n');
  assert.equal(found(source), [[4, 'Date.now()'], [5, 'Math.random()'], [6, 'setTimeout()']]);
  const f = lintSource(source)[0];
  assert.is(f?.column, 10);
});

test('the escape comment allows one reviewed line, and only with a reason', () => {
  const source = [
    'const real = globalThis.setImmediate; // determinism-lint: allow kernel drain',
    'const bad = Date.now(); // determinism-lint: allow',
    'const also = Math.random();',
    'const c = Math.random(); /* determinism-lint: allow seeded elsewhere */',
  ].join('\n');
  assert.equal(found(source), [[2, 'Date.now()'], [3, 'Math.random()']]);
});

test('regular expressions and divisions are told apart', () => {
  const { tokens } = tokenize('const r = a / b / c; const s = x.replace(/\\/[/]Date.now()/g, ""); return /Math.random/.test(q);');
  assert.equal(tokens.filter((t) => t.kind === 'regex').map((t) => t.text), ['/\\/[/]Date.now()/g', '/Math.random/']);
  assert.equal(found('const r = a / b / c; const s = x.replace(/\\/[/]Date.now()/g, ""); return /Math.random/.test(q);'), []);
});

test('targets: models, scenarios and harness/sim, skipping tests; the CLI exits 1 listing file:line', () => {
  const root = mkdtempSync(join(tmpdir(), 'lint-'));
  try {
    for (const dir of ['models/kv', 'scenarios/kv', 'harness/sim', 'harness/check', 'models/node_modules/x']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'models/kv/node.ts'), 'export const f = () => 1;\nexport const g = () => Math.random();\n');
    writeFileSync(join(root, 'models/kv/node.test.ts'), 'Math.random();\n');
    writeFileSync(join(root, 'models/node_modules/x/index.ts'), 'Math.random();\n');
    writeFileSync(join(root, 'scenarios/kv/basic.ts'), "import { readFileSync } from 'node:fs';\n");
    writeFileSync(join(root, 'harness/sim/kernel.ts'), 'export const t = Date.now();\n');
    writeFileSync(join(root, 'harness/check/checker.ts'), 'export const t = Date.now();\n');
    const targets = collectTargets(root).map((p) => p.slice(root.length + 1).replaceAll('\\', '/'));
    assert.equal(targets, ['models/kv/node.ts', 'scenarios/kv/basic.ts', 'harness/sim/kernel.ts']);
    const findings = lintFiles(collectTargets(root), root).map((f) => `${f.file}:${f.line} ${f.call}`);
    assert.equal(findings, ['models/kv/node.ts:2 Math.random()', "scenarios/kv/basic.ts:1 import 'node:fs'", 'harness/sim/kernel.ts:1 Date.now()']);

    const cli = join(process.cwd(), 'harness/guard/lint-cli.ts');
    let output = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', cli, join(root, 'models')], { stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      status = e.status;
      output = e.stderr;
    }
    assert.is(status, 1);
    assert.match(output, /models\/kv\/node\.ts:2:24 {2}Math\.random\(\) is not deterministic/);
    assert.not.match(output, /node\.test\.ts/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the kernel itself is clean (its one real setImmediate carries a reviewed escape)', () => {
  const root = new URL('../..', import.meta.url).pathname;
  const findings = lintFiles(collectTargets(root, ['harness/sim']), root);
  assert.equal(findings.map((f) => `${f.file}:${f.line} ${f.call}`), []);
});

test.run();
