/**
 * A user's scenario modules (`sim/lock.scenario.ts`, TypeScript or JavaScript): compiled by esbuild into one
 * ESM file each (packages stay external, `faultline` is the running faultline), imported, and searched for
 * scenarios. A module's scenarios are its named exports made by `defineScenario` (or arrays of them) and its
 * default export (a scenario or an array of scenarios). Each loaded module has a content hash over its own
 * source files (not packages), which replay files record to tell when a module changed since.
 */
import { build, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { displayPath } from './files.js';
import { checkScenario, isDefinedScenario, scenarioModuleOf, setScenarioModule } from './define-scenario.js';
import { BUNDLE_OPTIONS, bundleError, bundlePath, faultlineResolver, ownModuleUrls } from './module-bundle.js';
import type { AnyScenario } from './scenario.js';
import { UsageError } from './usage-error.js';

export interface ScenarioModule {
  /** Absolute path of the module's source file. */
  file: string;
  scenarios: AnyScenario[];
  /** sha256 over the module's own source files (paths relative to its project root, and contents). */
  hash: string;
}

const loaded = new Map<string, Promise<ScenarioModule>>();
/** Content hashes of the modules loaded or hashed so far, by absolute path. */
const hashes = new Map<string, string>();

/** Loads a scenario module once per process (by absolute path). Throws UsageError naming the file on any problem. */
export function loadScenarioModule(path: string): Promise<ScenarioModule> {
  const file = resolve(path);
  let module = loaded.get(file);
  if (module === undefined) {
    module = load(file);
    loaded.set(file, module);
    module.catch(() => loaded.delete(file));
  }
  return module;
}

async function load(file: string): Promise<ScenarioModule> {
  const { namespace, inputs } = await compileAndImport(file, 'scenario module');
  const hash = contentHash(inputs, projectRoot(file));
  hashes.set(file, hash);
  return { file, scenarios: scenariosOfModule(namespace, file), hash };
}

/** Hashes a module that something else (a test runner) loaded, so replay files can record it. */
export async function hashScenarioModule(file: string): Promise<string> {
  const known = hashes.get(file);
  if (known !== undefined) return known;
  const hash = contentHash(await moduleSources(file), projectRoot(file));
  hashes.set(file, hash);
  return hash;
}

/** The module's own source files (every file it imports, packages excepted). Throws UsageError on compile errors. */
export async function moduleSources(file: string): Promise<string[]> {
  try {
    const result = await build({ ...BUNDLE_OPTIONS, entryPoints: [file], outfile: bundlePath('sources.mjs'), metafile: true, plugins: [faultlineResolver(true)] });
    return ownInputs(result.metafile);
  } catch (error) {
    throw bundleError(file, error);
  }
}

/** What a replay file records of a scenario's module: its path relative to its project root, and its hash. */
export interface ModuleRecord {
  path: string;
  hash: string;
}

/** The record of a scenario's loaded (or hashed) module; undefined for the catalogue's scenarios. */
export function moduleRecordOf(scenario: AnyScenario): ModuleRecord | undefined {
  const file = scenarioModuleOf(scenario);
  const hash = file === null ? undefined : hashes.get(file);
  return file === null || hash === undefined ? undefined : { path: portablePath(file), hash };
}

/**
 * Compiles a user's TypeScript or JavaScript module with esbuild (packages external) and imports it. Returns its
 * namespace and its own source files. Throws UsageError naming the file (and line, for compile errors).
 */
export async function compileAndImport(file: string, what: string): Promise<{ namespace: Record<string, unknown>; inputs: string[] }> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such ${what}`);
  if (!statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
  let result;
  try {
    result = await build({ ...BUNDLE_OPTIONS, entryPoints: [file], outfile: bundlePath(`${basename(file)}.mjs`), metafile: true, plugins: [faultlineResolver(true), ownModuleUrls()] });
  } catch (error) {
    throw bundleError(file, error);
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new UsageError(`${file}: esbuild produced no output`);
  writeFileSync(output.path, output.contents);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(output.path).href)) as Record<string, unknown>;
  } catch (error) {
    const at = thrownAt(error, ownInputs(result.metafile));
    throw new UsageError(`${file}: cannot load: ${error instanceof Error ? error.message : String(error)}${at === null ? '' : ` (thrown at ${at})`}`);
  }
  return { namespace, inputs: ownInputs(result.metafile) };
}

/**
 * The line of the user's own source that threw while a module loaded: the first frame of the error's stack
 * in one of the module's files (frames are source-mapped where source maps are on, as in the CLI).
 */
function thrownAt(error: unknown, files: readonly string[]): string | null {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const frame of stack.matchAll(/(file:\/\/\S+?|\/\S+?):(\d+):(\d+)\)?$/gm)) {
    const path = frame[1]!.startsWith('file:') ? fileURLToPath(frame[1]!) : frame[1]!;
    if (files.includes(path)) return `${displayPath(path)}:${frame[2]}:${frame[3]}`;
  }
  return null;
}

/** The source files a build read, without packages. */
function ownInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).map((input) => resolve(input)).filter((input) => !input.split(sep).includes('node_modules'));
}

/** The scenarios a module exports (see the file comment); each is checked and marked with its module. */
export function scenariosOfModule(namespace: Readonly<Record<string, unknown>>, file: string): AnyScenario[] {
  const found: AnyScenario[] = [];
  const add = (value: unknown, where: string): void => {
    try {
      checkScenario(value);
    } catch (error) {
      throw new UsageError(`${file}: export ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const scenario = value as AnyScenario;
    if (found.includes(scenario)) return;
    const twin = found.find((s) => s.id === scenario.id);
    if (twin !== undefined) throw new UsageError(`${file}: two scenarios have the id "${scenario.id}"`);
    setScenarioModule(scenario, file);
    found.push(scenario);
  };
  for (const [name, value] of Object.entries(namespace)) {
    if (name === 'default') {
      if (Array.isArray(value)) value.forEach((v, i) => add(v, `default[${i}]`));
      else add(value, 'default');
    } else if (isDefinedScenario(value)) {
      add(value, name);
    } else if (Array.isArray(value) && value.length > 0 && value.every(isDefinedScenario)) {
      value.forEach((v, i) => add(v, `${name}[${i}]`));
    }
  }
  if (found.length === 0) {
    throw new UsageError(`${file}: exports no scenario (export the results of defineScenario, or a default export of an array of them)`);
  }
  return found;
}

/** The folder of the nearest package.json above `file` (or its own folder): module paths in replay files are relative to it. */
export function projectRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/** Module path as a replay file records it: relative to its project root, with forward slashes. */
export function portablePath(file: string): string {
  return relative(projectRoot(file), file).split(sep).join('/');
}

function contentHash(files: readonly string[], root: string): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
