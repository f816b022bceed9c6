/**
 * `crypto` for a simulated process: randomness from the node's RNG stream; hashing and HMAC from the
 * host (they are pure functions); anything else that draws entropy or does I/O is an escape.
 */
import type { HostBridge } from './bridge.js';

type HostCrypto = typeof import('node:crypto');

export function virtualCrypto(host: HostBridge, real: HostCrypto, BufferCtor: typeof Buffer): Record<string, unknown> {
  const randomBytes = (size: number, callback?: (err: Error | null, buf: Buffer) => void): Buffer | undefined => {
    const buf = BufferCtor.alloc(size);
    host.randomFill(buf);
    if (callback === undefined) return buf;
    // Node answers the async form from the thread pool: here, on the next immediate.
    (globalThis as unknown as { setImmediate(f: () => void): void }).setImmediate(() => callback(null, buf));
    return undefined;
  };
  const getRandomValues = <T extends ArrayBufferView>(view: T): T => {
    host.randomFill(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    return view;
  };
  const randomUUID = (): string => {
    const b = BufferCtor.alloc(16);
    host.randomFill(b);
    b[6] = ((b[6] as number) & 0x0f) | 0x40; // version 4
    b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const randomInt = (min: number, max?: number): number => {
    const [lo, hi] = max === undefined ? [0, min] : [min, max];
    return lo + Math.floor(host.random() * (hi - lo));
  };
  const randomFillSync = <T extends ArrayBufferView>(view: T): T => getRandomValues(view);
  const pure = {
    createHash: real.createHash, createHmac: real.createHmac, timingSafeEqual: real.timingSafeEqual, getHashes: real.getHashes,
    hash: (real as unknown as { hash?: unknown }).hash, constants: real.constants,
  };
  const webcrypto = {
    getRandomValues, randomUUID,
    get subtle(): never { return host.escape('crypto.subtle', 'WebCrypto keys and signatures are outside the simulation'); },
  };
  const module: Record<string, unknown> = { ...pure, randomBytes, pseudoRandomBytes: randomBytes, randomFillSync, randomUUID, randomInt, getRandomValues, webcrypto };
  return new Proxy(module, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target || key === '__esModule' || key === 'default') return key === 'default' ? target : target[key as string];
      return () => host.escape(`crypto.${key}`, 'not available in a simulated process');
    },
  });
}

/** The global `crypto` (WebCrypto) of the context. */
export function virtualWebCrypto(cryptoModule: Record<string, unknown>): unknown {
  return cryptoModule.webcrypto;
}
