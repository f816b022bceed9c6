/**
 * A CommonJS bundle run with V8's code cache kept between processes (Node 20 has no compile cache of its
 * own): the bytecode of every function the last run compiled is read back instead of compiled again, a
 * large share of a short command's time. The cache sits with the worker bundles (bundle-cache.ts: the
 * user's own private folder, pruned after a week unused), named by the bundle's content and the Node build
 * and architecture. V8 rejects a cache that does not fit its build or the source; the module then compiles
 * as usual and the cache is written anew. Without a usable folder nothing is cached.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDir, pruneUnused, touch } from '../run/bundle-cache.js';
import { writeAtomic } from '../run/files.js';

export interface CodeCachedModule<T> {
  exports: T;
  /** Whether V8 took the compiled code from the cache. */
  fromCache: boolean;
  /** Writes the cache from what this process compiled so far (call it once the work is done); never throws. */
  save(): void;
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Loads `file` (CommonJS) as `require` would, with its compiled code from the cache when there is one. */
export function loadWithCodeCache<T>(file: string): CodeCachedModule<T> {
  const source = readFileSync(file, 'utf8');
  const dir = cacheDir();
  const key = createHash('sha1').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 16);
  const path = dir === null ? null : join(dir, `code-${key}.v8`);
  const cachedData = path === null ? undefined : readIfThere(path);
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  if (fromCache) touch(path!);
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    fromCache,
    save: () => {
      if (path === null || fromCache) return;
      try {
        writeAtomic(path, script.createCachedData());
        pruneUnused(dir!);
      } catch {
        // an optimisation only: the next run compiles as this one did
      }
    },
  };
}
