/**
 * The runtime determinism guard: a model that reaches for ambient time, randomness or timers gets an
 * error naming the call and the node, instead of a run that silently stops reproducing.
 *
 * Several runs may be in flight in one process (a `Promise.all` of runs, two test files in one vitest
 * worker), next to code that has every right to the real clock (test frameworks, fake timers, the
 * harness itself). So the guard is not a process-wide ban for the duration of a run. Instead:
 *
 * - While at least one run is in flight (counted by `holdGuard`), each guarded global is a wrapper that
 *   passes through to whatever that global was when the wrapper was installed.
 * - A wrapper throws only while the module-level marker says *simulated code* is running: the kernel
 *   sets it synchronously around its event loop (node handlers, timers, faults, harness callbacks; see
 *   Simulation), and for exactly the microtasks in which a client workload resumes (see ClientRuntime).
 *   Simulated code runs only inside those windows, and nothing else runs inside them, so a plain
 *   set/clear is enough: the windows of concurrent runs never overlap (see `enterSimulatedCode`).
 * - When the last run ends, a global is put back only if it still holds our wrapper: a fake installed
 *   meanwhile (vitest's fake timers, a spy) stays.
 *
 * Harness code that wants the wall clock uses `hostNowMs`, never the globals, so fake timers do not
 * bend its measurements either.
 */
export class DeterminismViolation extends Error {
  override name = 'DeterminismViolation';
}

/** Describes where the offending call happened ("the simulation, in n2"), evaluated only on a violation. */
export type Where = () => string;

/** The wall clock for harness measurements (run durations), captured before any wrapper exists. */
export const hostNowMs: () => number = globalThis.performance.now.bind(globalThis.performance);

/** Non-null while simulated code runs: then every guarded global throws. */
let inside: Where | null = null;

/**
 * Marks the code that runs from now on as simulated (a node handler, a client's continuation) until
 * `leaveSimulatedCode`; returns the previous marker, which the caller hands back when it leaves. Callers
 * use it only around synchronous stretches of their own run, so windows nest (a workload starting
 * another simulation) but never interleave.
 */
export function enterSimulatedCode(where: Where): Where | null {
  const previous = inside;
  inside = where;
  return previous;
}

export function leaveSimulatedCode(previous: Where | null): void {
  inside = previous;
}

function violation(call: string, where: Where): DeterminismViolation {
  return new DeterminismViolation(`${call} was called during ${where()}: models must use the context's clock, rng and timers`);
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Our Date wrappers and the `now` each was given (see dateNowIntact). */
const dateNows = new WeakMap<AnyFunction, AnyFunction>();

/** A function that throws inside simulated code and otherwise behaves as `original` (properties included). */
function guardFunction(call: string, original: AnyFunction): AnyFunction {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (inside !== null) throw violation(call, inside);
    return Reflect.apply(original, this, args);
  };
  copyStatics(wrapper, original);
  return wrapper;
}

/**
 * `Date` as a constructor: `new Date()` and `Date()` read the clock, `new Date(ms)` does not (models use
 * it to format their clock readings). Statics (`Date.UTC`, `Date.parse`) come from the original, whose
 * prototype the wrapper shares, so `instanceof Date` and subclassing keep working.
 */
function guardDate(original: DateConstructor): DateConstructor {
  const GuardedDate = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) {
      if (inside !== null) throw violation('Date()', inside);
      return Reflect.apply(original, this, args);
    }
    if (args.length === 0 && inside !== null) throw violation('new Date()', inside);
    return Reflect.construct(original, args, new.target === GuardedDate ? original : new.target);
  };
  Object.setPrototypeOf(GuardedDate, original);
  Object.defineProperty(GuardedDate, 'prototype', { value: original.prototype });
  Object.defineProperty(GuardedDate, 'name', { value: original.name });
  Object.defineProperty(GuardedDate, 'length', { value: original.length });
  // Reads `original.now` at each call, so a spy on the original Date's `now` still sees the calls.
  const now = guardFunction('Date.now()', function now() { return original.now(); });
  (GuardedDate as unknown as { now: AnyFunction }).now = now;
  dateNows.set(GuardedDate, now);
  return GuardedDate as unknown as DateConstructor;
}

/** Keeps what callers may look up on the original (`name`, `length`, `util.promisify.custom` on timers). */
function copyStatics(wrapper: AnyFunction, original: AnyFunction): void {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor);
  }
}

/** One guarded global property: where it lives and how to wrap what is there. */
interface Slot {
  owner: () => Record<string, unknown>;
  key: string;
  wrap: (original: AnyFunction) => AnyFunction;
}

const functionSlot = (owner: () => object, key: string, call: string): Slot => ({
  owner: owner as () => Record<string, unknown>, key, wrap: (original) => guardFunction(call, original),
});

const SLOTS: readonly Slot[] = [
  functionSlot(() => Math, 'random', 'Math.random()'),
  {
    owner: () => globalThis as unknown as Record<string, unknown>,
    key: 'Date',
    wrap: (original) => guardDate(original as unknown as DateConstructor) as unknown as AnyFunction,
  },
  functionSlot(() => globalThis.performance, 'now', 'performance.now()'),
  functionSlot(() => globalThis, 'setTimeout', 'setTimeout()'),
  functionSlot(() => globalThis, 'setInterval', 'setInterval()'),
  functionSlot(() => globalThis, 'setImmediate', 'setImmediate()'),
  functionSlot(() => globalThis.crypto, 'getRandomValues', 'crypto.getRandomValues()'),
  functionSlot(() => globalThis.crypto, 'randomUUID', 'crypto.randomUUID()'),
];

/** What an install put in place, so that the uninstall can tell whether it is still ours. */
interface Installed {
  owner: Record<string, unknown>;
  key: string;
  wrapper: AnyFunction;
  original: unknown;
  /** The original was an own property (Math.random), not inherited (performance.now from Performance.prototype). */
  ownOriginal: boolean;
}

let holders = 0;
let installed: Installed[] = [];

function install(): void {
  installed = SLOTS.map((slot) => {
    const owner = slot.owner();
    const original = owner[slot.key] as AnyFunction;
    const wrapper = slot.wrap(original);
    const ownOriginal = Object.hasOwn(owner, slot.key);
    owner[slot.key] = wrapper;
    return { owner, key: slot.key, wrapper, original, ownOriginal };
  });
}

/** Puts back each original whose wrapper is still in place; a global someone replaced meanwhile is theirs. */
function uninstall(): void {
  for (const entry of installed) {
    if (entry.owner[entry.key] !== entry.wrapper || !dateNowIntact(entry.wrapper)) continue;
    if (entry.ownOriginal) entry.owner[entry.key] = entry.original;
    else delete entry.owner[entry.key];
  }
  installed = [];
}

/**
 * False when `wrapper` is one of our Dates and someone replaced its `now` (a spy on `Date.now`): then our
 * Date stays in place, carrying their spy.
 */
function dateNowIntact(wrapper: AnyFunction): boolean {
  const now = dateNows.get(wrapper);
  return now === undefined || (wrapper as unknown as { now: unknown }).now === now;
}

/**
 * Installs the wrappers if no run holds them yet, and returns the function that lets go (idempotent).
 * Simulation.run holds the guard from the start of a run to its end.
 */
export function holdGuard(): () => void {
  if (holders === 0) install();
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0) uninstall();
  };
}
