/**
 * `faultline.config.{ts,mjs,js}`: found in the working directory or the folders above it (up to the project
 * root, the first folder with a package.json), it sets the scenario files, the out directory, workers and
 * budgets. Command-line flags win over it. Its default export is the config (see `defineConfig`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FaultlineConfig } from '../run/config.js';
import { compileAndImport } from '../run/scenario-modules.js';
import { UsageError } from '../run/usage-error.js';

export const CONFIG_NAMES = ['faultline.config.ts', 'faultline.config.mts', 'faultline.config.mjs', 'faultline.config.js'] as const;

export interface LoadedConfig extends FaultlineConfig {
  /** The config file; relative paths in it are relative to its folder. */
  file: string;
}

/** The config file that applies in `cwd`, or null. */
export function findConfig(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return null;
  }
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  const { namespace } = await compileAndImport(file, 'config file');
  const config = namespace['default'];
  const bad = (field: string, want: string, got: unknown): never => {
    throw new UsageError(`${file}: ${field} must be ${want}, got ${JSON.stringify(got) ?? typeof got}`);
  };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) bad('the default export', 'a config object (export default defineConfig({ ... }))', config);
  const c = config as Record<string, unknown>;
  const known = ['scenarios', 'out', 'workers', 'budget', 'seeds', 'catalogue'];
  for (const key of Object.keys(c)) if (!known.includes(key)) bad(`"${key}"`, `one of ${known.join(', ')} (unknown field)`, c[key]);
  if (c['scenarios'] !== undefined && (!Array.isArray(c['scenarios']) || !c['scenarios'].every((g) => typeof g === 'string' && g !== ''))) bad('scenarios', 'a list of file globs', c['scenarios']);
  if (c['out'] !== undefined && (typeof c['out'] !== 'string' || c['out'] === '')) bad('out', 'a directory path', c['out']);
  for (const key of ['workers', 'seeds']) {
    if (c[key] !== undefined && (typeof c[key] !== 'number' || !Number.isSafeInteger(c[key]) || (c[key] as number) < 1)) bad(key, 'a positive integer', c[key]);
  }
  if (c['budget'] !== undefined && c['budget'] !== 'test' && c['budget'] !== 'nightly') bad('budget', '"test" or "nightly"', c['budget']);
  if (c['catalogue'] !== undefined && typeof c['catalogue'] !== 'boolean') bad('catalogue', 'true or false', c['catalogue']);
  return { ...(c as FaultlineConfig), file };
}
