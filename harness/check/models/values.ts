/** Value equality for history values (primitives, arrays, plain objects) as models compare them. */
export function valueEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return (a === undefined && b === null) || (a === null && b === undefined);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export function show(v: unknown): string {
  return v === null || v === undefined ? 'nil' : JSON.stringify(v);
}

export function pair(v: unknown): [unknown, unknown] {
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  throw new Error(`expected a [from to] pair, got ${show(v)}`);
}
