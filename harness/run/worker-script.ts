/**
 * The pool's worker script: the worker with every scenario and model it can run (plus the user's scenario
 * modules), bundled by esbuild into one ESM file with an inline source map. A worker is then ready in
 * about 0.1 s (a pool's first result arrives after about 0.2-0.3 s) instead of loading every module on its
 * own (through tsx's loader thread when running from sources: 0.6 to 1 s).
 * Bundled once per process and set of scenario modules, and kept between processes while its sources are
 * unchanged (bundle-cache.ts).
 */
import { build, version as esbuildVersion } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_OPTIONS, bundleError, bundlePath, faultlineResolver, ownModuleUrls } from './module-bundle.js';
import { cachedBundle } from './bundle-cache.js';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCES } from './package-files.js';
import { FAULTLINE_VERSION } from './version.js';

const WORKER = fileURLToPath(new URL(RUNNING_FROM_SOURCES ? './worker.ts' : './worker.js', import.meta.url));
const scripts = new Map<string, Promise<string>>();

/** The path of the bundled worker script for these extra scenario modules. */
export function workerScript(scenarioModules: readonly string[]): Promise<string> {
  const key = scenarioModules.join('\n');
  let script = scripts.get(key);
  if (script === undefined) {
    script = bundle(scenarioModules);
    scripts.set(key, script);
    script.catch(() => scripts.delete(key)); // a failed build (a syntax error in a module) is retried next time
  }
  return script;
}

async function bundle(scenarioModules: readonly string[]): Promise<string> {
  const entry = [
    `import { startWorker } from ${JSON.stringify(WORKER)};`,
    ...scenarioModules.map((path, i) => `import * as module${i} from ${JSON.stringify(path)};`),
    `startWorker([${scenarioModules.map((path, i) => `[${JSON.stringify(path)}, module${i}]`).join(', ')}]);`,
  ].join('\n');
  const plugins = [faultlineResolver(false), ownModuleUrls()];
  const key = JSON.stringify({ faultline: FAULTLINE_VERSION, esbuild: esbuildVersion, root: PACKAGE_ROOT, entry, plugins: plugins.map((p) => p.name) });
  return await cachedBundle(key, 'worker', () => bundlePath('worker.mjs'), async (outfile) => {
    try {
      const result = await build({
        ...BUNDLE_OPTIONS,
        outfile, // source map paths are relative to it, so stacks name the real source files
        metafile: true,
        stdin: { contents: entry, resolveDir: dirname(WORKER), sourcefile: 'faultline-worker.ts', loader: 'ts' },
        plugins,
        define: { FAULTLINE_PACKAGE_ROOT: JSON.stringify(PACKAGE_ROOT) },
      });
      const output = result.outputFiles[0];
      if (output === undefined) throw new Error('esbuild produced no output');
      return { contents: output.contents, inputs: Object.keys(result.metafile.inputs) };
    } catch (error) {
      throw bundleError('could not bundle the worker script', error);
    }
  });
}
