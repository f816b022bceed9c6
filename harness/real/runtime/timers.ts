/** `timers`, `timers/promises` and the timer globals of a simulated process, on its event loop. */
import type { EventLoop } from './loop.js';

export function virtualTimers(loop: EventLoop): Record<string, (...args: any[]) => unknown> {
  return {
    setTimeout: (cb: unknown, ms?: unknown, ...args: unknown[]) => loop.setTimeout(cb, ms, args, false),
    setInterval: (cb: unknown, ms?: unknown, ...args: unknown[]) => loop.setTimeout(cb, ms, args, true),
    clearTimeout: (t: unknown) => loop.clear(t),
    clearInterval: (t: unknown) => loop.clear(t),
    setImmediate: (cb: unknown, ...args: unknown[]) => loop.setImmediate(cb, args),
    clearImmediate: (im: unknown) => loop.clearImmediate(im),
    queueMicrotask: (cb: () => void) => { void Promise.resolve().then(cb); },
  };
}

interface TimerOptions { signal?: AbortSignal; ref?: boolean }

/** `timers/promises`: promises of the context's realm, settled by the virtual loop. */
export function virtualTimerPromises(loop: EventLoop): Record<string, unknown> {
  const abortError = (signal: AbortSignal) => Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason });
  const delayed = <T>(schedule: (done: () => void) => { cancel(): void; unref(): void }, value: T, options?: TimerOptions): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) { reject(abortError(signal)); return; }
      const onAbort = () => { handle.cancel(); reject(abortError(signal as AbortSignal)); };
      const handle = schedule(() => { signal?.removeEventListener('abort', onAbort); resolve(value); });
      if (options?.ref === false) handle.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  return {
    setTimeout: <T>(ms?: number, value?: T, options?: TimerOptions) => delayed((done) => {
      const t = loop.setTimeout(done, ms, [], false);
      return { cancel: () => loop.clear(t), unref: () => t.unref() };
    }, value, options),
    setImmediate: <T>(value?: T, options?: TimerOptions) => delayed((done) => {
      const im = loop.setImmediate(done, []);
      return { cancel: () => loop.clearImmediate(im), unref: () => im.unref() };
    }, value, options),
    setInterval: async function* <T>(ms?: number, value?: T, options?: TimerOptions): AsyncGenerator<T> {
      for (;;) {
        yield await delayed((done) => {
          const t = loop.setTimeout(done, ms, [], false);
          return { cancel: () => loop.clear(t), unref: () => t.unref() };
        }, value as T, options);
      }
    },
    scheduler: {
      wait: (ms: number, options?: TimerOptions) => delayed((done) => {
        const t = loop.setTimeout(done, ms, [], false);
        return { cancel: () => loop.clear(t), unref: () => t.unref() };
      }, undefined, options),
      yield: () => delayed((done) => {
        const im = loop.setImmediate(done, []);
        return { cancel: () => loop.clearImmediate(im), unref: () => im.unref() };
      }, undefined),
    },
  };
}
