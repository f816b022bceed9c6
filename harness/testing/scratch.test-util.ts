import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh folder under the OS temp dir for a test's files, removed when the test process exits, passed or failed. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) process.once('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
  made.push(dir);
  return dir;
}
