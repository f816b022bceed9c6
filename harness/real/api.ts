/**
 * `faultline/real`: what code running in a real process (see realProcess) uses to tell the harness what
 * it did. Operations go into the run's history (invoke, then ok / fail / info), lock beliefs into the
 * lock checkers' notes, coverage goals and protocol points as a model's would. Outside a real process
 * every call throws.
 */
import { HOST_GLOBAL, type HostBridge } from './runtime/bridge.js';

export interface RealOp {
  ok(value?: unknown): void;
  fail(value?: unknown): void;
  info(value?: unknown): void;
}

function host(call: string): HostBridge {
  const bridge = (globalThis as Record<string, unknown>)[HOST_GLOBAL] as HostBridge | undefined;
  if (bridge === undefined) throw new Error(`faultline/real: ${call}() works only inside a real process (see realProcess)`);
  return bridge;
}

/** Records the invocation of an operation; complete it with ok, fail or info. */
export function invoke(f: string, value?: unknown, key?: string): RealOp {
  const h = host('invoke');
  const op = h.invoke(f, value ?? null, key);
  return {
    ok: (v) => h.complete(op, 'ok', v ?? null),
    fail: (v) => h.complete(op, 'fail', v ?? null),
    info: (v) => h.complete(op, 'info', v ?? null),
  };
}

/** True once the scenario's nemesis phase is over: wind down (finish the current work, then exit). */
export function stopping(): boolean {
  return host('stopping').stopping();
}

/** A free-form note for checkers and reports. */
export function note(kind: string, data: Record<string, unknown>): void {
  host('note').note(kind, data);
}

export function cover(goal: string): void {
  host('cover').cover(goal);
}

export function point(name: string, detail?: string): void {
  host('point').point(name, detail);
}

/**
 * The process believes it holds `lock` from now until it calls `release()` or its own wall clock reaches
 * `untilWallMs` (the validity the lock library computed), whichever comes first: a `lock-belief` note
 * in true time for the lock-exclusivity checker.
 */
export function lockHeld(lock: string, options: { session: string; untilWallMs: number; token?: number }): { release(): void } {
  const h = host('lockHeld');
  const belief = h.lockHeld(lock, options.session, options.untilWallMs, options.token ?? null);
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      h.lockReleased(belief);
    },
  };
}
