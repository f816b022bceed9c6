/**
 * esbuild bundles kept between processes, so a `faultline run` after the first skips the pool's worker
 * bundle (about 0.4 s). An entry is named by a key (faultline's and esbuild's versions, the entry and
 * options: whatever else decides the output) and is reused only while every file esbuild read to make it
 * still has the content it had (SHA-1 of each, checked on every use) and the folders it read them from
 * hold the same names (a file added beside them could now win the resolution): an edited model is
 * rebundled, never run stale. The folder is FAULTLINE_CACHE_DIR, else one per user under the system's
 * temporary folder, used only if it is that user's and nobody else's; where it cannot be used, bundles
 * are made afresh as if there were no cache. Entries unused for a week are removed when a new one is made
 * (each checkout and version has its own).
 */
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ensureDir, writeAtomic } from './files.js';

interface Manifest {
  /** Absolute path and SHA-1 of every file that went into the bundle. */
  inputs: [string, string][];
  /** Each folder those files came from, and a SHA-1 of the names in it. */
  folders: [string, string][];
}

/** What cachedBundle writes: `<name>-<16 hex digits>.mjs` (and the manifest beside it); code-cache.ts: `.v8`. */
const ENTRY = /^[a-z-]+-[0-9a-f]{16}\.(mjs|v8)$/;

export interface Bundled {
  contents: Uint8Array;
  /** The files esbuild read (esbuild's metafile keys: relative to the working directory, or absolute). */
  inputs: string[];
}

const EDIT_MARGIN_MS = 2000;
const UNUSED_FOR_MS = 7 * 24 * 3600 * 1000;

const sha1 = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex');

/** The cache folder, or null where none can be used (then everything is made afresh). */
export function cacheDir(): string | null {
  const chosen = process.env.FAULTLINE_CACHE_DIR;
  const dir = chosen ?? join(tmpdir(), `faultline-cache-${process.getuid?.() ?? 'user'}`);
  try {
    ensureDir(dir);
    return chosen !== undefined || ownedPrivately(dir) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * The shared temporary folder's cache must be ours alone: another user could have made it first and left
 * a bundle there for us to run. Ours with access for others is made private.
 */
function ownedPrivately(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true; // no POSIX users (Windows): the temporary folder is the user's own
  const st = statSync(dir);
  if (st.uid !== uid) return false;
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return true;
}

function folderHash(dir: string): string | null {
  try {
    return sha1(readdirSync(dir).sort().join('\n'));
  } catch {
    return null;
  }
}

function fileHash(path: string): string | null {
  try {
    return sha1(readFileSync(path));
  } catch {
    return null;
  }
}

function stillValid(bundlePath: string, manifestPath: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    statSync(bundlePath); // the bundle itself is still there
    return manifest.inputs.every(([path, hash]) => fileHash(path) === hash) && manifest.folders.every(([dir, hash]) => folderHash(dir) === hash);
  } catch {
    return false;
  }
}

/** Marks an entry as used now (a reused entry is not pruned). */
export function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves
  }
}

/** Removes the entries (bundle and manifest, or code cache) not used for UNUSED_FOR_MS. */
export function pruneUnused(dir: string): void {
  const before = Date.now() - UNUSED_FOR_MS;
  for (const name of readdirSync(dir)) {
    if (!ENTRY.test(name)) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).mtimeMs >= before) continue;
      if (name.endsWith('.mjs')) rmSync(`${path.slice(0, -'.mjs'.length)}.json`, { force: true });
      rmSync(path, { force: true });
    } catch {
      // another process removed or replaced it meanwhile
    }
  }
}

/**
 * The path of the bundle for `key`: a cached one whose inputs are unchanged, else `build(outfile)`'s output
 * written there (`fallbackPath` when no cache folder can be used). `build` must write to `outfile` only
 * through its result: source map paths are relative to it.
 */
export async function cachedBundle(key: string, name: string, fallbackPath: () => string, build: (outfile: string) => Promise<Bundled>): Promise<string> {
  const dir = cacheDir();
  if (dir === null) {
    const path = fallbackPath();
    writeFileSync(path, (await build(path)).contents);
    return path;
  }
  const base = join(dir, `${name}-${sha1(key).slice(0, 16)}`);
  const bundlePath = `${base}.mjs`;
  const manifestPath = `${base}.json`;
  if (stillValid(bundlePath, manifestPath)) {
    touch(bundlePath);
    return bundlePath;
  }
  pruneUnused(dir);
  const started = Date.now();
  const made = await build(bundlePath);
  const inputs: [string, string][] = [];
  // A file edited while esbuild read it may differ from what went into the bundle: then the entry is not
  // kept (file times can be coarse, hence the margin).
  let settled = true;
  for (const input of made.inputs) {
    const path = isAbsolute(input) ? input : resolve(input);
    const hash = fileHash(path);
    if (hash === null) continue; // esbuild's virtual inputs (stdin) are part of the key
    inputs.push([path, hash]);
    if (statSync(path).mtimeMs > started - EDIT_MARGIN_MS) settled = false;
  }
  try {
    rmSync(manifestPath, { force: true });
    writeAtomic(bundlePath, made.contents);
    const folders: [string, string][] = [...new Set(inputs.map(([path]) => dirname(path)))].map((d) => [d, folderHash(d) ?? '']);
    if (settled) writeAtomic(manifestPath, JSON.stringify({ inputs, folders } satisfies Manifest));
  } catch {
    const path = fallbackPath();
    writeFileSync(path, made.contents);
    return path;
  }
  return bundlePath;
}
