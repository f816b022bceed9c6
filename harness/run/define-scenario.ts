/**
 * `defineScenario`: checks a scenario's shape once, where it is written, with errors that name the scenario
 * and the field, and remembers the module that defined it (so a replay file can name the module to load).
 */
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenario.js';

/** A scenario that is not well formed: the message names the scenario and the field. */
export class ScenarioDefinitionError extends Error {
  override name = 'ScenarioDefinitionError';
}

const DEFINED_IN = Symbol.for('faultline.scenario.module');
const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Returns the scenario, checked. `Config` is inferred from `config` and types `build`'s parameter.
 * Throws ScenarioDefinitionError naming the field that is wrong.
 */
export function defineScenario<Config>(scenario: Scenario<Config>): Scenario<Config> {
  checkScenario(scenario);
  const defined = { ...scenario };
  const file = callerFile();
  if (file !== null) Object.defineProperty(defined, DEFINED_IN, { value: file, enumerable: false, writable: true });
  return defined;
}

/** True for values made by `defineScenario` (what a scenario module's exports are searched for). */
export function isDefinedScenario(value: unknown): value is Scenario<unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, DEFINED_IN);
}

/** The module file that defined the scenario (set by defineScenario, corrected by the module loader). */
export function scenarioModuleOf(scenario: Scenario<unknown>): string | null {
  const file = (scenario as { [DEFINED_IN]?: unknown })[DEFINED_IN];
  return typeof file === 'string' ? file : null;
}

export function setScenarioModule(scenario: Scenario<unknown>, file: string): void {
  Object.defineProperty(scenario, DEFINED_IN, { value: file, enumerable: false, writable: true });
}

/** The first stack frame outside this module: the file that called defineScenario. */
function callerFile(): string | null {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /((?:file:\/\/)?\/[^():]*):\d+:\d+\)?\s*$/.exec(line);
    if (match === null) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file !== THIS_FILE) return file;
  }
  return null;
}

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const positiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws ScenarioDefinitionError at the first field that is not what a Scenario needs. */
export function checkScenario(scenario: unknown): void {
  if (!isRecord(scenario)) throw new ScenarioDefinitionError(`a scenario must be an object, got ${scenario === null ? 'null' : typeof scenario}`);
  const id = scenario['id'];
  if (typeof id !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(id)) {
    throw new ScenarioDefinitionError(`scenario id ${JSON.stringify(id)} must be a string of letters, digits, "_", "-", "." and "/" (like "my-system/lock-safe")`);
  }
  const bad = (field: string, want: string, got: unknown): never => {
    throw new ScenarioDefinitionError(`scenario "${id}": ${field} must be ${want}, got ${JSON.stringify(got) ?? typeof got}`);
  };
  const s = scenario;
  if (typeof s['description'] !== 'string') bad('description', 'a string', s['description']);
  if (!strings(s['tags'])) bad('tags', 'a list of non-empty strings', s['tags']);
  if (s['expect'] !== 'pass' && s['expect'] !== 'violation') bad('expect', '"pass" or "violation"', s['expect']);
  const topology = s['topology'];
  if (!isRecord(topology)) bad('topology', 'an object { servers, clients }', topology);
  const t = topology as Record<string, unknown>;
  if (!strings(t['servers'])) bad('topology.servers', 'a list of node ids', t['servers']);
  if (!strings(t['clients'])) bad('topology.clients', 'a list of node ids', t['clients']);
  if (typeof s['build'] !== 'function') bad('build', 'a function (config) => ({ servers, clients })', s['build']);
  const nemesis = s['nemesis'];
  if (!isRecord(nemesis) || (!isRecord(nemesis['schedule']) && typeof nemesis['arbitrary'] !== 'function')) {
    bad('nemesis', 'an object { schedule: { kinds, ... } } or { arbitrary }', nemesis);
  }
  const phases = s['phases'];
  if (!isRecord(phases)) bad('phases', 'an object { nemesisMs, quiesceMs }', phases);
  const p = phases as Record<string, unknown>;
  if (!positive(p['nemesisMs'])) bad('phases.nemesisMs', 'a positive number of milliseconds', p['nemesisMs']);
  if (!positive(p['quiesceMs'])) bad('phases.quiesceMs', 'a positive number of milliseconds', p['quiesceMs']);
  const checkers = s['checkers'];
  if (!Array.isArray(checkers)) bad('checkers', 'a list of { name, check }', checkers);
  (checkers as unknown[]).forEach((c, i) => {
    if (!isRecord(c) || typeof c['name'] !== 'string' || typeof c['check'] !== 'function') bad(`checkers[${i}]`, 'an object { name: string, check(run) }', c);
  });
  const seeds = s['seeds'];
  if (!isRecord(seeds)) bad('seeds', 'an object { test, nightly }', seeds);
  const budgets = seeds as Record<string, unknown>;
  if (!positiveInt(budgets['test'])) bad('seeds.test', 'a positive integer', budgets['test']);
  if (!positiveInt(budgets['nightly'])) bad('seeds.nightly', 'a positive integer', budgets['nightly']);
  if (s['maxEvents'] !== undefined && !positiveInt(s['maxEvents'])) bad('maxEvents', 'a positive integer', s['maxEvents']);
  const coverage = s['coverage'];
  if (coverage !== undefined) {
    if (!Array.isArray(coverage)) bad('coverage', 'a list of { goal, atLeast }', coverage);
    (coverage as unknown[]).forEach((g, i) => {
      if (!isRecord(g) || typeof g['goal'] !== 'string' || !positiveInt(g['atLeast'])) bad(`coverage[${i}]`, 'an object { goal: string, atLeast: positive integer }', g);
    });
  }
  const liveness = s['liveness'];
  if (liveness !== undefined) {
    if (!Array.isArray(liveness)) bad('liveness', 'a list of eventually(...) checks', liveness);
    (liveness as unknown[]).forEach((l, i) => {
      if (!isRecord(l) || typeof l['name'] !== 'string' || typeof l['holds'] !== 'function' || !positive(l['withinMs'])) bad(`liveness[${i}]`, 'an eventually(name, holds, withinMs) check', l);
    });
  }
  if (s['panels'] !== undefined && typeof s['panels'] !== 'function') bad('panels', 'a function (run) => panels', s['panels']);
}
