/**
 * Compiles what a real process runs: the runtime (virtual globals, event loop, module shims; one bundle
 * for every process) and the user's entry module with everything it imports bundled, node builtins left
 * to the runtime's `require`, and `faultline/real` bound to the in-process API. Both are compiled once
 * per file per thread and evaluated in each fresh context.
 */
import { buildSync, type BuildFailure } from 'esbuild';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCES } from '../run/package-files.js';

const EXT = RUNNING_FROM_SOURCES ? 'ts' : 'js';
const RUNTIME_ENTRY = join(PACKAGE_ROOT, RUNNING_FROM_SOURCES ? 'harness' : 'dist/harness', 'real', 'runtime', `install.${EXT}`);
const API_ENTRY = join(PACKAGE_ROOT, RUNNING_FROM_SOURCES ? 'harness' : 'dist/harness', 'real', `api.${EXT}`);

const scripts = new Map<string, Script>();

/** A user's entry module: an absolute path, a file URL, or a path relative to the working directory. */
export function entryPath(entry: string | URL): string {
  if (entry instanceof URL || entry.startsWith('file:')) return fileURLToPath(entry);
  return isAbsolute(entry) ? entry : resolve(entry);
}

/** A file of this package (a scenario's real-code entry): a `.ts` source runs from `dist/` as built JavaScript. */
export function packageFile(sourcePath: string): string {
  return RUNNING_FROM_SOURCES || !sourcePath.endsWith('.ts') ? join(PACKAGE_ROOT, sourcePath) : join(PACKAGE_ROOT, 'dist', sourcePath.replace(/\.ts$/, '.js'));
}

export class RealBundleError extends Error {}

function compile(file: string, wrap: boolean): Script {
  let code: string;
  try {
    const out = buildSync({
      entryPoints: [file], bundle: true, platform: 'node', target: 'node20', format: 'iife', write: false,
      logLevel: 'silent',
      // `faultline/real` inside a process is the in-process API (never the host half with vm and esbuild).
      alias: { 'faultline/real': API_ENTRY }, sourcemap: 'inline', sourcesContent: false,
    });
    code = out.outputFiles[0]?.text ?? '';
    // Evaluating the script yields the module as a function: the loop runs it like a callback (ticks first).
    if (wrap) code = `(function () {${code}\n})`;
  } catch (error) {
    const errors = (error as Partial<BuildFailure>).errors ?? [];
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text));
    throw new RealBundleError(`real process ${file}: cannot bundle\n  ${lines.join('\n  ') || String(error)}`);
  }
  return new Script(code, { filename: file });
}

/** The compiled script of `file` (cached). */
export function compiled(file: string, wrap = true): Script {
  let script = scripts.get(file);
  if (script === undefined) {
    script = compile(file, wrap);
    scripts.set(file, script);
  }
  return script;
}

export function runtimeScript(): Script {
  return compiled(RUNTIME_ENTRY, false);
}
