/**
 * While a simulation runs, every ambient source of nondeterminism throws an error naming the call.
 * Models must take time, randomness and timers from their context; this makes a slip loud, not flaky.
 */
export class DeterminismViolation extends Error {
  override name = 'DeterminismViolation';
}

type Where = () => string;

const saved = {
  random: Math.random,
  dateNow: Date.now,
  Date: globalThis.Date,
  perfNow: globalThis.performance.now.bind(globalThis.performance),
  setTimeout: globalThis.setTimeout,
  setInterval: globalThis.setInterval,
  setImmediate: globalThis.setImmediate,
  getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
  randomUUID: globalThis.crypto.randomUUID.bind(globalThis.crypto),
};

let depth = 0;
let where: Where = () => 'a simulation';

function forbid(name: string): () => never {
  return () => {
    throw new DeterminismViolation(
      `${name} was called during ${where()}: models must use the context's clock, rng and timers`,
    );
  };
}

function install(): void {
  const RealDate = saved.Date;
  const GuardedDate = function (this: unknown, ...args: unknown[]) {
    if (args.length === 0) forbid('new Date()')();
    return new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(GuardedDate, RealDate);
  Object.defineProperty(GuardedDate, 'prototype', { value: RealDate.prototype });
  (GuardedDate as { now: () => number }).now = forbid('Date.now()');
  Math.random = forbid('Math.random()');
  globalThis.Date = GuardedDate;
  globalThis.performance.now = forbid('performance.now()');
  globalThis.setTimeout = forbid('setTimeout()') as unknown as typeof setTimeout;
  globalThis.setInterval = forbid('setInterval()') as unknown as typeof setInterval;
  globalThis.setImmediate = forbid('setImmediate()') as unknown as typeof setImmediate;
  globalThis.crypto.getRandomValues = forbid('crypto.getRandomValues()') as typeof crypto.getRandomValues;
  globalThis.crypto.randomUUID = forbid('crypto.randomUUID()') as typeof crypto.randomUUID;
}

function uninstall(): void {
  Math.random = saved.random;
  globalThis.Date = saved.Date;
  globalThis.Date.now = saved.dateNow;
  globalThis.performance.now = saved.perfNow;
  globalThis.setTimeout = saved.setTimeout;
  globalThis.setInterval = saved.setInterval;
  globalThis.setImmediate = saved.setImmediate;
  globalThis.crypto.getRandomValues = saved.getRandomValues;
  globalThis.crypto.randomUUID = saved.randomUUID;
}

/** Installs the guard (nesting is counted) and returns the function that lifts it. */
export function enterGuard(describeWhere: Where): () => void {
  if (depth === 0) install();
  depth++;
  const previous = where;
  where = describeWhere;
  let left = false;
  return () => {
    if (left) return;
    left = true;
    where = previous;
    depth--;
    if (depth === 0) uninstall();
  };
}
