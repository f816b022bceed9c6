import { FAULTLINE_RULES, type CompletionRules } from '../../history/completion-rules.js';
import type { AnyModel } from '../linearizability/model.js';
import { makeCasRegisterModel } from './cas-register.js';
import { makeLogModel, makeQueueModel, makeSetModel, mutexModel } from './collections.js';
import { makeKvMapModel, makeKvModel } from './kv.js';
import { makeMultiRegisterModel } from './multi-register.js';
import { makeRegisterModel } from './register.js';
import { show } from './values.js';

export interface ModelOptions {
  /** The initial state (a parsed EDN or JSON value); absent: the model's own default. */
  initial?: unknown;
  /** How the history's completions read (default FAULTLINE_RULES, the simulator's own). */
  rules?: CompletionRules;
}

/** An `initial` the model cannot start from: the message says what it takes. */
export class ModelOptionError extends Error {
  override name = 'ModelOptionError';
}

interface ModelKind {
  /** What an initial value is for this model, in words; null when its start is fixed. */
  initial: string | null;
  /** Whether `initial` fits (checked before `build`). */
  fits(initial: unknown): boolean;
  build(initial: unknown, rules: CompletionRules): AnyModel;
}

const any = () => true;
const isList = (v: unknown) => Array.isArray(v);
const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown) => typeof v === 'string';
const nilReadIsUnknown = (rules: CompletionRules) => rules.nilReadIsUnknown;

const KINDS: Readonly<Record<string, ModelKind>> = {
  register: {
    initial: 'the value every register (one per key) starts with (default nil)',
    fits: any,
    build: (initial, rules) => makeRegisterModel({ initial, nilReadIsUnknown: nilReadIsUnknown(rules) }),
  },
  'cas-register': {
    initial: 'the value every register (one per key) starts with (default nil)',
    fits: any,
    build: (initial, rules) => makeCasRegisterModel({ initial, failIsObservation: rules.fail === 'observation', nilReadIsUnknown: nilReadIsUnknown(rules) }),
  },
  'multi-register': {
    initial: 'a map of register names to values (default: every register nil)',
    fits: isMap,
    build: (initial, rules) => makeMultiRegisterModel({ initial: (initial ?? {}) as Record<string, unknown>, nilReadIsUnknown: nilReadIsUnknown(rules) }),
  },
  kv: { initial: 'the string every key starts with (default "")', fits: isString, build: (initial) => makeKvModel((initial as string | undefined) ?? '') },
  'kv-map': { initial: 'the string every key starts with (default "")', fits: isString, build: (initial) => makeKvMapModel((initial as string | undefined) ?? '') },
  set: { initial: 'a list of the elements (default empty)', fits: isList, build: (initial) => makeSetModel((initial as unknown[] | undefined) ?? []) },
  queue: { initial: 'a list of the queued elements, head first (default empty)', fits: isList, build: (initial) => makeQueueModel((initial as unknown[] | undefined) ?? []) },
  log: { initial: 'a list of the entries from offset 0 (default empty)', fits: isList, build: (initial) => makeLogModel((initial as unknown[] | undefined) ?? []) },
  mutex: { initial: null, fits: any, build: () => mutexModel },
};

/** Built-in model names, as the CLI takes them. */
export const modelNames: readonly string[] = Object.keys(KINDS);

/** What `--initial` means for a model, or null when it takes none (undefined: no such model). */
export function initialOf(name: string): string | null | undefined {
  return Object.hasOwn(KINDS, name) ? KINDS[name]!.initial : undefined;
}

/** A built-in model for a history read under `rules`, starting from `initial`; undefined for an unknown name. */
export function buildModel(name: string, options: ModelOptions = {}): AnyModel | undefined {
  if (!Object.hasOwn(KINDS, name)) return undefined;
  const kind = KINDS[name]!;
  if (options.initial !== undefined) {
    if (kind.initial === null) throw new ModelOptionError(`${name} has no initial value to set (it starts free)`);
    if (!kind.fits(options.initial)) throw new ModelOptionError(`${name} takes ${kind.initial}, got ${show(options.initial)}`);
  }
  return kind.build(options.initial, options.rules ?? FAULTLINE_RULES);
}
