/** File helpers shared by the suite runner and the CLI: checked, atomic writes with errors that name the path. */
import { closeSync, mkdirSync, openSync, rmSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';

/** An artifact could not be written (or its place cannot take one): the message names the path and the reason. */
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(readonly path: string, readonly reason: string) {
    super(`cannot write ${path}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a parent is a file, not a directory',
  EISDIR: 'is a directory',
  ENOENT: 'no such directory, and it cannot be created here',
  EEXIST: 'a file of that name is in the way',
  ENAMETOOLONG: 'name too long',
};

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && REASONS[code] !== undefined) return `${REASONS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node's `mkdirSync(..., { recursive: true })`
 * loops for ever under pseudo file systems such as /proc, where mkdir answers ENOENT for a parent that exists.)
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(dir, reasonOf(e));
      const parent = dirname(at);
      if (parent === at) throw new WriteError(dir, reasonOf(e));
      missing.push(at);
      at = parent;
      continue;
    }
    if (!isDir) throw new WriteError(dir, missing.length === 0 ? 'is a file, not a directory' : `${at} is a file, not a directory`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteError(dir, reasonOf(e));
    }
  }
}

let temps = 0;

/**
 * Writes atomically (temp file + rename), so a crash never leaves half a file behind; on failure the temp
 * file is removed and a WriteError names the path and the reason.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  try {
    ensureDir(dirname(path));
  } catch (e) {
    throw e instanceof WriteError ? new WriteError(path, `${e.path}: ${e.reason}`) : e;
  }
  // Worker threads of one process write too: the thread id keeps their temp names apart.
  const temp = `${path}.tmp-${process.pid}-${threadId}-${++temps}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw new WriteError(path, reasonOf(e));
  }
}

/** Before any work: `dir` exists or can be created, and a file can be created in it. Throws a WriteError. */
export function checkWritableDir(dir: string): void {
  ensureDir(dir);
  const probe = join(dir, `.faultline-write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
  } catch (e) {
    throw new WriteError(dir, reasonOf(e));
  }
  rmSync(probe, { force: true });
}

/** Before any work: `file` is not a directory and its directory can take a file. Throws a WriteError. */
export function checkWritableFile(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw new WriteError(file, 'is a directory, not a file');
  } catch (e) {
    if (e instanceof WriteError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(file, reasonOf(e));
  }
  checkWritableDir(dirname(file));
}

/** Whether `path` is `folder` or below it (another drive, or a name like `..x` beside it, is not). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Relative to the working directory when inside it (paths people can paste), absolute otherwise. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || !isInside(process.cwd(), path) ? path : rel;
}
