/**
 * What `faultline run` (and `list`, `replay`, `merge`) can name: the built-in catalogue and the scenarios of the
 * user's modules (from file selectors, the config's `scenarios` globs and `--scenario-module`). A selector is a
 * module file or a glob of files (`./sim/lock.scenario.ts`, `'sim/**\/*.scenario.ts'`), or an id, a glob over
 * ids (`examples/*`) or a tag. Globs are matched with picomatch.
 */
import picomatch from 'picomatch';
import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { allScenarios, selectScenarios } from '../run/registry.js';
import type { AnyScenario } from '../run/scenario.js';
import { loadScenarioModule, type ScenarioModule } from '../run/scenario-modules.js';
import { displayPath } from '../run/files.js';
import { UsageError } from '../run/usage-error.js';
import { findConfig, loadConfig, type LoadedConfig } from './config-file.js';

const MODULE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Whether a selector names module files rather than scenario ids or tags. */
export function isFileSelector(selector: string): boolean {
  return selector.startsWith('./') || selector.startsWith('../') || isAbsolute(selector) || MODULE_FILE.test(selector);
}

/** The files a path or a glob names, relative to `baseDir`, sorted. A glob that matches nothing is an error. */
export function expandFiles(selector: string, baseDir: string): string[] {
  const scan = picomatch.scan(selector);
  if (!scan.isGlob) return [resolve(baseDir, selector)];
  const base = resolve(baseDir, scan.base === '' ? '.' : scan.base);
  const matches = picomatch(scan.glob);
  const files = walk(base).filter((file) => matches(relative(base, file).split(sep).join('/'))).sort();
  if (files.length === 0) throw new UsageError(`no file matches "${selector}" (looked under ${base})`);
  return files;
}

/** Every file below `dir`, skipping node_modules and dot folders. */
function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    if (e.name.startsWith('.') || e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : e.isFile() ? [path] : [];
  });
}

export interface KnownScenarios {
  /** The catalogue (when offered) and every loaded module's scenarios, in that order. */
  scenarios: AnyScenario[];
  modules: ScenarioModule[];
}

/** Loads the modules (each once) and lists what can be named. A module id that repeats another scenario's is an error. */
export async function knownScenarios(modulePaths: readonly string[], catalogue: boolean): Promise<KnownScenarios> {
  const modules: ScenarioModule[] = [];
  for (const path of new Set(modulePaths.map((p) => resolve(p)))) modules.push(await loadScenarioModule(path));
  const scenarios: AnyScenario[] = catalogue ? [...allScenarios()] : [];
  const origin = new Map<string, string>(scenarios.map((s) => [s.id, 'the built-in catalogue']));
  for (const m of modules) {
    for (const s of m.scenarios) {
      const other = origin.get(s.id);
      if (other !== undefined) throw new UsageError(`${m.file}: scenario id "${s.id}" is already taken by ${other}; ids must be unique`);
      origin.set(s.id, m.file);
      scenarios.push(s);
    }
  }
  return { scenarios, modules };
}

/** selectScenarios, saying so when a selector names the built-in catalogue that this config leaves out. */
function selectNamed(named: readonly string[], scenarios: readonly AnyScenario[], configWithoutCatalogue: LoadedConfig | null): AnyScenario[] {
  try {
    return selectScenarios(named, scenarios);
  } catch (error) {
    if (!(error instanceof UsageError) || configWithoutCatalogue === null) throw error;
    const builtIn = named.filter((selector) => {
      try {
        return selectScenarios([selector], allScenarios()).length > 0;
      } catch {
        return false;
      }
    });
    if (builtIn.length === 0) throw error;
    const line = error.message.split('\n')[0] ?? '';
    throw new UsageError(`${line} ${builtIn.map((b) => `"${b}"`).join(', ')} ${builtIn.length === 1 ? 'is' : 'are'} in the built-in catalogue, which ${displayPath(configWithoutCatalogue.file)} leaves out: add catalogue: true to it to offer both\n${error.message.split('\n').slice(1).join('\n')}`);
  }
}

export interface Selection extends KnownScenarios {
  selected: AnyScenario[];
}

/**
 * Resolves a command line's selectors with the config: file selectors load their modules and select all of
 * their scenarios; the other selectors pick ids, id globs and tags among everything known. No selector at all
 * selects every scenario of the config's modules (for a listing, nothing: it shows everything known).
 */
export async function selectRun(
  selectors: readonly string[],
  options: { cwd: string; config: LoadedConfig | null; extraModules?: readonly string[]; listing?: boolean },
): Promise<Selection> {
  const { cwd, config } = options;
  const configDir = config !== null ? dirname(config.file) : cwd;
  const configFiles = (config?.scenarios ?? []).flatMap((glob) => expandFiles(glob, configDir));
  const fileSelectors = selectors.filter(isFileSelector);
  const named = selectors.filter((s) => !isFileSelector(s));
  const selectorFiles = fileSelectors.map((s) => expandFiles(s, cwd));
  const catalogue = config?.catalogue ?? config?.scenarios === undefined;
  const known = await knownScenarios([...configFiles, ...selectorFiles.flat(), ...(options.extraModules ?? [])], catalogue);
  const chosen = new Set<AnyScenario>();
  const moduleOf = (file: string): ScenarioModule => known.modules.find((m) => m.file === file) as ScenarioModule;
  for (const file of selectorFiles.flat()) for (const s of moduleOf(file).scenarios) chosen.add(s);
  if (named.length > 0) for (const s of selectNamed(named, known.scenarios, catalogue ? null : config)) chosen.add(s);
  if (selectors.length === 0 && options.listing !== true) {
    if (configFiles.length === 0) {
      throw new UsageError(`name at least one scenario id, glob, tag or scenario module file (faultline list shows the ids and tags), or run it where a faultline.config.{ts,mjs,js} names your scenario files (scenarios: ['sim/**/*.scenario.ts'])`);
    }
    for (const file of configFiles) for (const s of moduleOf(file).scenarios) chosen.add(s);
  }
  return { ...known, selected: known.scenarios.filter((s) => chosen.has(s)) };
}

/**
 * What commands that name scenarios by id (replay, merge, export) can find: the scenarios of these modules and
 * of the faultline.config's, then the catalogue's (a user's scenario wins over a catalogue one of the same id).
 */
export async function loadScenarioModules(paths: readonly string[], cwd = process.cwd()): Promise<{ scenarios: AnyScenario[]; modules: string[] }> {
  const configFile = findConfig(cwd);
  const config = configFile !== null ? await loadConfig(configFile) : null;
  const configFiles = (config?.scenarios ?? []).flatMap((glob) => expandFiles(glob, dirname((config as LoadedConfig).file)));
  const known = await knownScenarios([...configFiles, ...paths], false);
  const taken = new Set(known.scenarios.map((s) => s.id));
  return { scenarios: [...known.scenarios, ...allScenarios().filter((s) => !taken.has(s.id))], modules: known.modules.map((m) => m.file) };
}
