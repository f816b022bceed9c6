/**
 * Where faultline's own files are: the package root (the folder of its package.json) and the files its
 * public entry points (`faultline`, `faultline/test`, ...) stand for, as sources when the harness runs from
 * its TypeScript sources (this repository's tests) or as built JavaScript from `dist/` (an installed package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
/** Set (esbuild `define`) in the pool's worker bundle, whose own URL says nothing about where faultline is. */
declare const FAULTLINE_PACKAGE_ROOT: string | undefined;

/** True when this module is a TypeScript source (tests under tsx), false when it is built JavaScript. */
export const RUNNING_FROM_SOURCES = HERE.endsWith('.ts');

/** The folder holding faultline's package.json. */
export const PACKAGE_ROOT: string = typeof FAULTLINE_PACKAGE_ROOT === 'string' ? FAULTLINE_PACKAGE_ROOT : (() => {
  for (let dir = dirname(HERE); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'faultline') return dir;
    if (dirname(dir) === dir) throw new Error(`faultline: no package.json named "faultline" above ${HERE}`);
  }
})();

/** faultline's version, from its package.json (written into replay files and reports). */
export const PACKAGE_VERSION: string = (() => {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
})();

/** Public subpaths of the package and the source file each stands for (package.json `exports` agrees). */
const ENTRY_SOURCES: Readonly<Record<string, string>> = {
  faultline: 'harness/index.ts',
  'faultline/test': 'harness/testing/index.ts',
  'faultline/scenarios': 'scenarios/index.ts',
  'faultline/models': 'models/index.ts',
  'faultline/real': 'harness/real/index.ts',
};

/** The file a public import specifier (`faultline`, `faultline/test`, ...) stands for here, or null. */
export function packageEntry(specifier: string): string | null {
  const source = ENTRY_SOURCES[specifier];
  if (source === undefined) return null;
  return RUNNING_FROM_SOURCES ? join(PACKAGE_ROOT, source) : join(PACKAGE_ROOT, 'dist', source.replace(/\.ts$/, '.js'));
}
