/**
 * Replay files: one failing (or violation-finding) run as msgpack, enough to re-run it bit for bit and
 * prove it by the trace hash. Reading never crashes: anything wrong becomes a ReplayFileError naming the file.
 */
import { readFileSync } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import type { Schedule } from '../faults/types.js';
import { FaultScheduleError, validate } from '../faults/validate.js';
import { configProblem, withDefaults } from './config-shape.js';
import { writeAtomic } from './files.js';
import type { Outcome, RunResult } from './run-once.js';
import type { ModuleRecord } from './scenario-modules.js';
import type { AnyScenario } from './scenario.js';
import { FAULTLINE_VERSION } from './version.js';

export const REPLAY_FORMAT = 'faultline-replay';
export const REPLAY_VERSION = 1;

export interface ReplayVerdict {
  checker: string;
  valid: boolean | 'unknown';
  explanation: string;
}

export interface ReplayFile {
  format: typeof REPLAY_FORMAT;
  version: typeof REPLAY_VERSION;
  faultlineVersion: string;
  scenario: string;
  config: unknown;
  seed: number;
  /** Faults at fixed times and faults hung on protocol points, as the nemesis drew them. */
  schedule: Schedule;
  /** The trace hash the run produced when the file was written; a replay must match it. */
  traceHash: string;
  verdict: Outcome;
  expected: 'pass' | 'violation';
  checks: ReplayVerdict[];
  /** Whether the schedule is the shrunk one. */
  shrunk: boolean;
  /** The run was cut to this many client operations (shrinking); absent for full runs. */
  maxOps?: number;
  /** The user's scenario module that defines the scenario (absent for the built-in catalogue). */
  module?: ModuleRecord;
}

export class ReplayFileError extends Error {
  override name = 'ReplayFileError';
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
  }
}

// Plain msgpack (no msgpackr records), so other tools can read the files too.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

export function replayFromRun(result: RunResult, config: unknown, shrunk: boolean, module?: ModuleRecord): ReplayFile {
  return {
    format: REPLAY_FORMAT, version: REPLAY_VERSION, faultlineVersion: FAULTLINE_VERSION,
    scenario: result.scenario, config, seed: result.seed, schedule: result.schedule,
    traceHash: result.traceHash, verdict: result.verdict, expected: result.expected,
    checks: result.checks.map((c) => ({ checker: c.checker, valid: c.valid, explanation: c.explanation })),
    shrunk,
    ...(result.maxOps !== undefined ? { maxOps: result.maxOps } : {}),
    ...(module !== undefined ? { module } : {}),
  };
}

export function encodeReplay(replay: ReplayFile): Uint8Array {
  return packr.pack(replay);
}

/** Writes atomically (temp file + rename), so a crash never leaves half a file behind. */
export function writeReplayFile(path: string, replay: ReplayFile): void {
  writeAtomic(path, encodeReplay(replay));
}

export function readReplayFile(path: string): ReplayFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReplayFileError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a replay file' : `cannot read (${code ?? String(e)})`);
  }
  return decodeReplay(bytes, path);
}

export function decodeReplay(bytes: Uint8Array, name = '<replay>'): ReplayFile {
  if (bytes.length === 0) throw new ReplayFileError(name, 'empty file, not a faultline replay file');
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch (e) {
    throw new ReplayFileError(name, `not a faultline replay file, or truncated or corrupt (msgpack: ${e instanceof Error ? e.message : String(e)})`);
  }
  return checkShape(value, name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function checkShape(value: unknown, name: string): ReplayFile {
  if (!isRecord(value) || value.format !== REPLAY_FORMAT) {
    throw new ReplayFileError(name, `not a faultline replay file (no "${REPLAY_FORMAT}" format tag)`);
  }
  if (value.version !== REPLAY_VERSION) {
    throw new ReplayFileError(name, `replay file version ${JSON.stringify(value.version)} is not supported (this faultline ${FAULTLINE_VERSION} reads version ${REPLAY_VERSION})`);
  }
  const bad = (field: string, want: string): never => {
    throw new ReplayFileError(name, `corrupt replay file: field "${field}" should be ${want}`);
  };
  if (typeof value.faultlineVersion !== 'string' || value.faultlineVersion === '') bad('faultlineVersion', 'a version string');
  if (typeof value.scenario !== 'string' || value.scenario === '') bad('scenario', 'a scenario id');
  if (typeof value.seed !== 'number' || !Number.isSafeInteger(value.seed)) bad('seed', 'an integer');
  if (!Array.isArray(value.schedule) || !value.schedule.every(isRecord)) bad('schedule', 'a list of faults');
  if (typeof value.traceHash !== 'string' || !/^[0-9a-f]{16}$/.test(value.traceHash)) bad('traceHash', '16 hex digits');
  if (!['pass', 'violation', 'unknown', 'error'].includes(value.verdict as string)) bad('verdict', 'pass, violation, unknown or error');
  if (value.expected !== 'pass' && value.expected !== 'violation') bad('expected', 'pass or violation');
  if (!Array.isArray(value.checks) || !value.checks.every((c) => isRecord(c) && typeof c.checker === 'string' && typeof c.explanation === 'string' && (typeof c.valid === 'boolean' || c.valid === 'unknown'))) {
    bad('checks', 'a list of { checker, valid, explanation }');
  }
  if (typeof value.shrunk !== 'boolean') bad('shrunk', 'true or false');
  if (value.maxOps !== undefined && (typeof value.maxOps !== 'number' || !Number.isSafeInteger(value.maxOps) || value.maxOps < 1)) bad('maxOps', 'a positive integer');
  if (value.module !== undefined && (!isRecord(value.module) || typeof value.module.path !== 'string' || value.module.path === '' || typeof value.module.hash !== 'string')) {
    bad('module', 'a { path, hash } record of the scenario module');
  }
  return value as unknown as ReplayFile;
}

/**
 * A replay file against the scenario it names, before anything runs: the schedule must fit the scenario's
 * topology and the config the shape of the scenario's default config (config-shape.ts). Returns the config
 * to run (fields the file lacks filled in from the default); throws a ReplayFileError.
 */
export function fittedConfig(replay: ReplayFile, scenario: Pick<AnyScenario, 'id' | 'config' | 'topology'>, name: string): unknown {
  try {
    validate(replay.schedule, scenario.topology);
  } catch (e) {
    if (e instanceof FaultScheduleError) throw new ReplayFileError(name, `the schedule does not fit ${scenario.id}: ${e.message}`);
    throw e;
  }
  if (replay.config === undefined) return scenario.config;
  const config = withDefaults(replay.config, scenario.config);
  const problem = configProblem(config, scenario.config);
  if (problem !== null) throw new ReplayFileError(name, `the config does not fit ${scenario.id}: ${problem}`);
  return config;
}
