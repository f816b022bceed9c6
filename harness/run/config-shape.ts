/**
 * The config shape a scenario declares by its default `config`, and the check a replay file's config must
 * pass before it reaches a model. Strict, and each problem names the field path:
 * - objects: no keys the default lacks (optional options appear in the defaults of the scenarios that use them);
 *   a key the file lacks (written before the option existed) takes the default's value (see withDefaults);
 * - numbers: finite; an integer where the default is one; positive (or non-negative) where the default is;
 * - booleans: any boolean (the named unsafe options);
 * - strings: the default's value (node ids, which must match the topology, and mode names);
 * - arrays: the default's length, each element checked against the default's element at its index;
 * - null: null.
 */

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function numberProblem(value: unknown, expected: number): string | null {
  const integer = Number.isInteger(expected);
  const floor = expected > 0 ? 'positive ' : expected >= 0 ? 'non-negative ' : '';
  const want = `a ${floor}${integer ? 'integer' : 'number'}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return want;
  if (integer && !Number.isInteger(value)) return want;
  if ((expected > 0 && value <= 0) || (expected >= 0 && value < 0)) return want;
  return null;
}

/** `value` with every object key it lacks taken from `expected` (the scenario's default), recursively. */
export function withDefaults(value: unknown, expected: unknown): unknown {
  if (!isRecord(value) || !isRecord(expected)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, def] of Object.entries(expected)) out[key] = Object.hasOwn(value, key) ? withDefaults(value[key], def) : def;
  return out;
}

/** The first way `value` departs from the shape of `expected` (the scenario's default), or null. */
export function configProblem(value: unknown, expected: unknown, path = 'config'): string | null {
  const fail = (want: string): string => `${path} should be ${want}, got ${describe(value)}`;
  if (typeof expected === 'number') {
    const want = numberProblem(value, expected);
    return want === null ? null : fail(want);
  }
  if (typeof expected === 'boolean') return typeof value === 'boolean' ? null : fail('true or false');
  if (typeof expected === 'string') return value === expected ? null : fail(`${JSON.stringify(expected)} (this scenario's value)`);
  if (expected === null || expected === undefined) return value === expected ? null : fail(describe(expected));
  if (Array.isArray(expected)) {
    if (!Array.isArray(value) || value.length !== expected.length) return fail(`a list of ${expected.length}`);
    for (let i = 0; i < expected.length; i++) {
      const p = configProblem(value[i], expected[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (isRecord(expected)) {
    if (!isRecord(value)) return fail('an object');
    for (const key of Object.keys(value)) if (!Object.hasOwn(expected, key)) return `${path}.${key} is not a field of this scenario's config`;
    for (const key of Object.keys(expected)) {
      const p = configProblem(value[key], expected[key], `${path}.${key}`);
      if (p !== null) return p;
    }
    return null;
  }
  return fail(describe(expected));
}
