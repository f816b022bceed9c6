/**
 * esbuild settings shared by the two places that load a user's scenario modules (TypeScript or JavaScript):
 * the main thread (one ESM file per module, every package left external) and the pool's worker script (one
 * bundle). In both, `faultline` and its subpaths resolve to the files of the faultline that is running, so a
 * user's module and the harness share one copy of the kernel.
 */
import { build as compile, type BuildFailure, type Plugin } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInside } from './files.js';
import { UsageError } from './usage-error.js';
import { PACKAGE_ROOT, packageEntry } from './package-files.js';

/**
 * Resolves `faultline[/sub]` to the running faultline's own files. With `externalPackages`, every other
 * package import is resolved from the importing file and left external by absolute path, so the bundle can
 * be written anywhere and still load the user's own node_modules.
 */
export function faultlineResolver(externalPackages: boolean): Plugin {
  return {
    name: 'faultline-resolver',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'faultline-resolver') return undefined;
        const entry = packageEntry(args.path);
        if (entry !== null) return externalPackages ? { path: entry, external: true } : { path: entry };
        if (!externalPackages) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'faultline-resolver' });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, external: true };
      });
    },
  };
}

/**
 * In the user's own files, `import.meta.url` (and `filename`, `dirname`) names the file itself, as when Node
 * loads it, not the bundle it ends up in: `new URL('./lock-client.js', import.meta.url)` finds the file beside the scenario. Packages
 * and faultline's own files are left as they are.
 */
export function ownModuleUrls(): Plugin {
  return {
    name: 'faultline-own-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const inPackage = args.path.split(sep).includes('node_modules') || isInside(PACKAGE_ROOT, args.path);
        if (inPackage || !(await readFile(args.path, 'utf8')).includes('import.meta')) return undefined;
        // Compiled alone with the file's own URL, as the bundle would compile it: under its tsconfig (extends
        // followed), in its own module format (a CommonJS file keeps its exports); the inline source map keeps
        // stacks on the user's lines.
        try {
          const compiled = await compile({
            entryPoints: [args.path], bundle: false, write: false, platform: 'node', target: 'node20', sourcemap: 'inline', logLevel: 'silent',
            absWorkingDir: dirname(args.path), // the source map names the file relative to itself
            define: {
              'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
              'import.meta.filename': JSON.stringify(args.path),
              'import.meta.dirname': JSON.stringify(dirname(args.path)),
            },
          });
          return { contents: compiled.outputFiles[0]!.text, loader: 'js' };
        } catch (error) {
          const errors = (error as Partial<BuildFailure>).errors ?? [{ text: String(error), location: null }];
          return { errors: errors.map((e) => (e.location ? { ...e, location: { ...e.location, file: args.path } } : e)) };
        }
      });
    },
  };
}

/** Settings both loaders use: Node 20, source maps inline so stacks name the user's files and lines. */
export const BUNDLE_OPTIONS = {
  bundle: true, platform: 'node', target: 'node20', format: 'esm', write: false, sourcemap: 'inline', logLevel: 'silent',
  // Bundled CommonJS code calls require(): give ESM output one.
  banner: { js: "import { createRequire as __faultlineCreateRequire } from 'node:module'; const require = __faultlineCreateRequire(import.meta.url);" },
} as const;

/** An esbuild failure as a UsageError listing each error as file:line:column: text. */
export function bundleError(what: string, error: unknown): UsageError {
  const errors = (error as Partial<BuildFailure>).errors;
  if (errors === undefined || errors.length === 0) return new UsageError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text));
  return new UsageError(`${what}: cannot compile\n  ${lines.join('\n  ')}`);
}

let bundles: string | null = null;
let bundled = 0;

/** A fresh path for a bundle named `name`, in one temporary folder per process that is removed at exit. */
export function bundlePath(name: string): string {
  if (bundles === null) {
    const made = mkdtempSync(join(tmpdir(), 'faultline-bundles-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    bundles = made;
  }
  return join(bundles, `${bundled++}-${name}`);
}
