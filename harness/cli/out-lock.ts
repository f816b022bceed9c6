/**
 * One `--out` directory, one run at a time: `DIR/.faultline.lock` is created exclusively and names its
 * holder; a second run into the same directory refuses (exit 2) naming it. A lock whose process is gone
 * (same host, pid not alive) is taken over.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { reasonOf } from '../run/files.js';
import { UsageError } from '../run/registry.js';

export const LOCK_NAME = '.faultline.lock';

interface Holder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, command: String(h.command ?? ''), startedAt: String(h.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `outDir` (which exists) for `command`; returns the release function. Throws a UsageError when held. */
export function lockOut(outDir: string, command: string): () => void {
  const path = join(outDir, LOCK_NAME);
  const me: Holder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`--out: cannot create ${path}: ${reasonOf(e)}`);
      const holder = readHolder(path);
      const stale = holder !== null && holder.host === me.host && holder.pid !== process.pid && !alive(holder.pid);
      if (stale && attempt === 0) {
        unlinkSync(path);
        continue;
      }
      const who = holder === null ? 'an unreadable lock file' : `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}: ${holder.command}`;
      throw new UsageError(`--out ${outDir} is in use by another faultline run (${who}); wait for it to finish, choose another --out, or delete ${path} if that run is gone`);
    }
    writeSync(fd, `${JSON.stringify(me)}\n`);
    closeSync(fd);
    break;
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const holder = readHolder(path);
    if (holder !== null && holder.pid === me.pid && holder.startedAt === me.startedAt) unlinkSync(path);
  };
  process.on('exit', release);
  return release;
}
