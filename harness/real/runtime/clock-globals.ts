/**
 * Time and randomness of a simulated process: `Date`, `Math.random`, `performance`, `process.hrtime`,
 * all from its node's clocks and RNG stream. Installed on the context's own intrinsics, so the host's
 * are never touched.
 */
import type { HostBridge } from './bridge.js';

type DateCtor = DateConstructor & { (...args: unknown[]): string };

/** A `Date` whose `now()` and argument-less construction read the node's wall clock. */
export function virtualDate(host: HostBridge, RealDate: DateConstructor): DateCtor {
  function Date(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) return new RealDate(host.wallNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [Math.floor(host.wallNow())] : args, new.target);
  }
  Object.defineProperties(Date, {
    prototype: { value: RealDate.prototype, writable: false },
    now: { value: function now(): number { return Math.floor(host.wallNow()); }, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
  });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: Date, writable: true, configurable: true });
  return Date as unknown as DateCtor;
}

/** `performance`: ms since the process started, on its monotonic clock. */
export function virtualPerformance(host: HostBridge, startMono: number, startWall: number): Record<string, unknown> {
  return {
    now: () => host.monotonicNow() - startMono,
    timeOrigin: startWall,
    mark: () => undefined,
    measure: () => undefined,
    toJSON: () => ({ timeOrigin: startWall }),
  };
}

/** `process.hrtime([previous])` and `process.hrtime.bigint()` on the monotonic clock. */
export function virtualHrtime(host: HostBridge): ((previous?: [number, number]) => [number, number]) & { bigint(): bigint } {
  const nanos = (): bigint => BigInt(Math.round(host.monotonicNow() * 1e6));
  const hrtime = (previous?: [number, number]): [number, number] => {
    let ns = nanos();
    if (previous !== undefined) ns -= BigInt(previous[0]) * 1_000_000_000n + BigInt(previous[1]);
    return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
  };
  return Object.assign(hrtime, { bigint: nanos });
}
