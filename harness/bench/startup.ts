/**
 * Start-up of the built CLI against a bare `node -e 0`: `--help`, `check` of one small history file, and `run`
 * of one seed, each a fresh process, in alternating rounds (this machine's speed drifts), medians of wall time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'faultline.cjs');
const ROUNDS = 7;

export async function benchStartup(): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  if (!existsSync(join(ROOT, 'dist', 'harness', 'cli', 'cli.js'))) {
    return { figures: {}, lines: ['skipped: dist/ is missing (npm run build)'] };
  }
  const out = mkdtempSync(join(tmpdir(), 'faultline-startup-'));
  const commands: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'faultline --help': [BIN, '--help'],
    'faultline check (etcd_000)': [BIN, 'check', '--model', 'cas-register', '--format', 'porcupine-etcd', join(ROOT, 'fixtures', 'porcupine', 'jepsen', 'etcd_000.log')],
    'faultline run (1 seed)': [BIN, 'run', 'examples/quorum-set', '--seeds', '1', '--workers', '1', '--quiet', '--no-shrink', '--out', out],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, args] of Object.entries(commands)) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // etcd_000 is not linearizable: its check exits 1, as it should.
        if (r.status !== 0 && !(r.status === 1 && name.includes('check'))) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
        times[name]!.push(ms);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const base = median(times['node -e 0']!);
  const figures: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const name of Object.keys(commands)) {
    const ms = median(times[name]!);
    figures[name] = { ms: Math.round(ms), vsNode: Number((ms / base).toFixed(2)) };
    lines.push(`${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / base).toFixed(2)}x node -e 0; median of ${ROUNDS} alternating rounds)`);
  }
  return { figures, lines };
}
