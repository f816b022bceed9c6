/** The README's CI workflow: every faultline command and flag it uses exists, and its shards add up. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { captureIo } from './io.js';
import { main } from './main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const section = readme.slice(readme.indexOf('\n## In CI\n'));
const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const runs = [...yaml.matchAll(/^\s*- run: (.+)$/gm)].map((m) => m[1]!.trim());
const matrix = /shard: \[([\d,\s]+)\]/.exec(yaml)?.[1]?.split(',').map((x) => Number(x.trim())) ?? [];

/** A workflow command line as argv, with the matrix expression replaced by a shard number. */
function argv(line: string, shard: number): string[] {
  return line.replaceAll('${{ matrix.shard }}', String(shard)).split(/\s+/);
}

test('the README has a CI workflow with a shard matrix, a run and a merge', () => {
  assert.ok(yaml.length > 0, 'a ```yaml block under "## In CI"');
  assert.ok(matrix.length > 1, 'a shard matrix');
  assert.ok(runs.some((r) => r.startsWith('npx faultline run ')));
  assert.ok(runs.some((r) => r.startsWith('npx faultline merge ')));
  assert.match(yaml, /actions\/upload-artifact/);
  assert.match(yaml, /actions\/download-artifact/);
  assert.match(yaml, /junit/i);
});

test('every command it runs exists and takes the flags it is given', async () => {
  for (const line of runs) {
    if (line === 'npm ci') {
      assert.ok(existsSync(`${ROOT}package-lock.json`), 'npm ci needs package-lock.json');
      continue;
    }
    const [npx, bin, ...args] = argv(line, matrix[0] ?? 1);
    assert.is(`${npx} ${bin}`, 'npx faultline', `unknown command in the workflow: ${line}`);
    const io = captureIo();
    const code = await main([...args, '--help'], io);
    assert.is(code, 0, `${line}\n${io.stderr.join('\n')}`);
  }
});

test('the shards add up: --shard i/n over the whole matrix, and merge reads each shard\'s --out', () => {
  const run = runs.find((r) => r.startsWith('npx faultline run '))!;
  const merge = runs.find((r) => r.startsWith('npx faultline merge '))!;
  const flag = (args: string[], name: string): string | undefined => args[args.indexOf(name) + 1];
  const n = matrix.length;
  assert.equal(matrix, Array.from({ length: n }, (_, i) => i + 1));
  const outs = matrix.map((i) => {
    const args = argv(run, i);
    assert.is(flag(args, '--shard'), `${i}/${n}`);
    return flag(args, '--out')!;
  });
  const merged = argv(merge, 0).slice(3).filter((a, k, all) => !a.startsWith('--') && !all[k - 1]?.startsWith('--'));
  assert.equal(merged.map((p) => p.split('/').at(-1)), outs, 'merge gets every shard directory (downloaded under their artifact names)');
  for (const i of matrix) assert.ok(yaml.includes(`name: shard-\${{ matrix.shard }}`) && outs[i - 1] === `shard-${i}`);
});

test.run();
