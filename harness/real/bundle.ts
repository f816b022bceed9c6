/**
 * Compiles what a real process runs: the runtime (virtual globals, event loop, module shims; one bundle
 * for every process) and the user's entry module with everything it imports bundled, node builtins left
 * to the runtime's `require`, and `faultline/real` bound to the in-process API. Both are compiled once
 * per file per thread and evaluated in each fresh context.
 */
import type { BuildFailure } from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { PACKAGE_ROOT } from '../run/package-files.js';

/**
 * One of faultline's files by its source path: the TypeScript source where it is there (this repository,
 * the pool's workers included), else the built JavaScript under dist/ (an installed package).
 */
function ownFile(sourcePath: string): string {
  const source = join(PACKAGE_ROOT, sourcePath);
  return existsSync(source) ? source : join(PACKAGE_ROOT, 'dist', sourcePath.replace(/\.ts$/, '.js'));
}

const RUNTIME_ENTRY = ownFile('harness/real/runtime/install.ts');
const API_ENTRY = ownFile('harness/real/api.ts');

const scripts = new Map<string, Script>();

/**
 * esbuild, loaded from faultline's own node_modules at run time: the pool's worker bundle must not
 * inline it (its JavaScript API finds its native binary relative to its own files).
 */
const loadEsbuild = (): typeof import('esbuild') => createRequire(join(PACKAGE_ROOT, 'package.json'))('esbuild') as typeof import('esbuild');

/** A user's entry module: an absolute path, a file URL, or a path relative to the working directory. */
export function entryPath(entry: string | URL): string {
  if (entry instanceof URL || entry.startsWith('file:')) return fileURLToPath(entry);
  return isAbsolute(entry) ? entry : resolve(entry);
}

/** A file of this package (a scenario's real-code entry), as source or as built JavaScript. */
export function packageFile(sourcePath: string): string {
  return ownFile(sourcePath);
}

export class RealBundleError extends Error {}

/** The package a bare import names: `@scope/name` or `name`, without a subpath. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function compile(file: string, wrap: boolean): Script {
  let code: string;
  try {
    const out = loadEsbuild().buildSync({
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
    const missing = [...new Set(errors.map((e) => /^Could not resolve "([^./][^"]*)"/.exec(e.text)?.[1]).filter((m) => m !== undefined))];
    const hints = [
      ...(missing.length === 0 ? [] : [`not installed where ${file} can import ${missing.length === 1 ? 'it' : 'them'}: npm install --save-dev ${missing.map(packageName).join(' ')}`]),
      // The entry runs as a script (a function the process's event loop calls), where an await needs a function.
      ...(errors.some((e) => e.text.startsWith('Top-level await')) ? ['a real process entry runs as a script: move the top-level awaits into an async function (async function main() { ... } void main();)'] : []),
    ];
    throw new RealBundleError(`real process ${file}: cannot bundle\n  ${[...(lines.length > 0 ? lines : [String(error)]), ...hints].join('\n  ')}`);
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
