/**
 * The runtime of a simulated process, evaluated in its fresh vm context before the user's bundle:
 * installs the virtual globals (time, randomness, timers, process, crypto), the event loop the host
 * drives, and `require` for the user's bundle (shims for net / tls / dns / timers / crypto, the host's
 * pure builtins, and forbidden modules that fail the run when used).
 */
import type { EventEmitter as EventEmitterType } from 'node:events';
import { HOST_GLOBAL, LOOP_GLOBAL, type HostBridge } from './bridge.js';
import { virtualDate, virtualHrtime, virtualPerformance } from './clock-globals.js';
import { virtualCrypto } from './crypto.js';
import { FORBIDDEN_MODULES, forbiddenModule } from './forbidden.js';
import { EventLoop } from './loop.js';
import { virtualNet } from './net.js';
import { virtualTimerPromises, virtualTimers } from './timers.js';

const g = globalThis as unknown as Record<string, unknown>;
const host = g[HOST_GLOBAL] as HostBridge;
const hostGlobals = host.builtin('globals') as Record<string, unknown>;
for (const [name, value] of Object.entries(hostGlobals)) g[name] = value;
const BufferCtor = hostGlobals.Buffer as typeof Buffer;
const events = host.builtin('events') as typeof import('node:events');
const EventEmitter = events.EventEmitter as typeof EventEmitterType;

const loop = new EventLoop(host);
g[LOOP_GLOBAL] = loop;

// Time and randomness.
const startMono = host.monotonicNow();
const startWall = host.wallNow();
g.Date = virtualDate(host, Date);
Math.random = () => host.random();
const performance = virtualPerformance(host, startMono, startWall);
g.performance = performance;

// Timers.
const timers = virtualTimers(loop);
Object.assign(g, timers);
const timerPromises = virtualTimerPromises(loop);

// AbortSignal.timeout on the virtual clock (the host's AbortSignal class is shared, so wrap it).
const HostAbortSignal = hostGlobals.AbortSignal as typeof AbortSignal;
const HostAbortController = hostGlobals.AbortController as typeof AbortController;
g.AbortSignal = new Proxy(HostAbortSignal, {
  get(target, key, receiver) {
    if (key === 'timeout') {
      return (ms: number) => {
        const controller = new HostAbortController();
        const t = loop.setTimeout(() => controller.abort(new (hostGlobals.DOMException as typeof DOMException)('The operation was aborted due to timeout', 'TimeoutError')), ms, [], false);
        t.unref();
        return controller.signal;
      };
    }
    return Reflect.get(target, key, receiver);
  },
});

// process.
const processObject = Object.assign(new EventEmitter(), {
  env: { ...host.env },
  argv: ['node', ...host.argv],
  argv0: 'node',
  execArgv: [] as string[],
  execPath: '/usr/local/bin/node',
  platform: 'linux',
  arch: 'x64',
  pid: 1,
  ppid: 0,
  title: `faultline:${host.id}`,
  version: hostGlobals.processVersion as string,
  versions: hostGlobals.processVersions as Record<string, string>,
  release: { name: 'node' },
  exitCode: undefined as number | undefined,
  nextTick: (fn: unknown, ...args: unknown[]) => loop.nextTick(fn, args),
  hrtime: virtualHrtime(host),
  uptime: () => (host.monotonicNow() - startMono) / 1000,
  cwd: () => '/',
  umask: () => 0o22,
  emitWarning: (warning: unknown) => host.output('stderr', `Warning: ${warning instanceof Error ? warning.message : String(warning)}\n`),
  exit: (code?: number) => { host.exit(code ?? processObject.exitCode ?? 0); throw new ProcessExit(); },
  memoryUsage: () => host.escape('process.memoryUsage', 'heap state is outside the simulation'),
  cpuUsage: () => host.escape('process.cpuUsage', 'CPU time is outside the simulation'),
  kill: () => host.escape('process.kill', 'signals are outside the simulation'),
  binding: () => host.escape('process.binding', 'native bindings are outside the simulation'),
  stdout: { write: (s: unknown) => { host.output('stdout', String(s)); return true; }, isTTY: false, fd: 1 },
  stderr: { write: (s: unknown) => { host.output('stderr', String(s)); return true; }, isTTY: false, fd: 2 },
  features: {},
  config: { variables: {} },
});
g.process = processObject;
g.global = g;

/** Thrown by process.exit to unwind the current callback; the host stops the process. */
class ProcessExit extends Error {}

const uncaught = (error: unknown, origin: 'uncaughtException' | 'unhandledRejection'): boolean => {
  if (error instanceof ProcessExit) return true;
  if (processObject.listenerCount('uncaughtException') === 0) return false;
  processObject.emit('uncaughtException', error, origin);
  return true;
};
loop.uncaught = (error) => uncaught(error, 'uncaughtException');
// Node's default (--unhandled-rejections=throw): the process's 'unhandledRejection' listeners take it;
// without one it is thrown as an uncaught exception (an error as it is, another reason wrapped), which
// its 'uncaughtException' listeners take, or the process exits.
loop.unhandledRejection = (reason, promise) => {
  if (processObject.emit('unhandledRejection', reason, promise)) return true;
  const isError = reason instanceof Error;
  const text = isError ? String(reason) : (host.builtin('util') as typeof import('node:util')).inspect(reason);
  const error = isError ? reason : Object.assign(new Error(`This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${text}".`), { code: 'ERR_UNHANDLED_REJECTION' });
  if (uncaught(error, 'unhandledRejection')) return true;
  host.rejection(text, reason);
  return false;
};

// console.
const print = (stream: 'stdout' | 'stderr') => (...args: unknown[]) => host.output(stream, `${(host.builtin('util') as typeof import('node:util')).format(...args)}\n`);
g.console = {
  log: print('stdout'), info: print('stdout'), debug: print('stdout'), trace: print('stderr'),
  warn: print('stderr'), error: print('stderr'), dir: print('stdout'),
  time: () => undefined, timeEnd: () => undefined, timeLog: () => undefined, assert: () => undefined,
  count: () => undefined, group: () => undefined, groupEnd: () => undefined, table: print('stdout'),
};

// Modules.
const crypto = virtualCrypto(host, host.builtin('crypto') as typeof import('node:crypto'), BufferCtor);
g.crypto = crypto.webcrypto;
const net = virtualNet({ host, loop, EventEmitter, Buffer: BufferCtor }, false);
const tls = virtualNet({ host, loop, EventEmitter, Buffer: BufferCtor }, true);
loop.sockets = {
  onSocketEvent: (e) => {
    net.sink.onSocketEvent(e);
    tls.sink.onSocketEvent(e);
  },
  get refedSockets() { return net.sink.refedSockets + tls.sink.refedSockets },
};
const lookup = (name: string, options: unknown, callback?: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address?: string | { address: string; family: number }[], family?: number) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
  const address = host.resolve(name);
  loop.setImmediate(() => {
    if (address === null) cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name }));
    else if (all) cb(null, [{ address, family: 4 }]);
    else cb(null, address, 4);
  }, []);
};
const dnsPromises = {
  lookup: (name: string, options?: { all?: boolean }) => new Promise((resolve, reject) => {
    lookup(name, options ?? {}, (err: Error | null, address?: unknown, family?: number) => (err ? reject(err) : resolve(options?.all ? address : { address, family })));
  }),
};
const dns = { lookup, promises: dnsPromises, setDefaultResultOrder: () => undefined, getDefaultResultOrder: () => 'ipv4first' };
const hostUtil = host.builtin('util') as typeof import('node:util');
const util = {
  ...hostUtil,
  // A promise of this realm, settled by this process's callbacks (the host's would escape its microtask queue).
  promisify: (fn: (...args: unknown[]) => void) => (...args: unknown[]) => new Promise((resolve, reject) => fn(...args, (err: unknown, value: unknown) => (err ? reject(err) : resolve(value)))),
};
const os = {
  hostname: () => host.id, platform: () => 'linux', type: () => 'Linux', arch: () => 'x64', release: () => 'faultline',
  EOL: '\n', cpus: () => [], totalmem: () => 2 ** 33, freemem: () => 2 ** 32, endianness: () => 'LE', tmpdir: () => '/tmp',
  homedir: () => '/', uptime: () => processObject.uptime(), loadavg: () => [0, 0, 0], networkInterfaces: () => ({}),
  userInfo: () => ({ username: 'faultline', uid: 1000, gid: 1000, shell: null, homedir: '/' }), constants: { signals: {}, errno: {} },
};
const tty = { isatty: () => false };

const shims: Record<string, unknown> = {
  net: net.net, tls: tls.net, dns, 'dns/promises': dnsPromises, timers, 'timers/promises': timerPromises,
  crypto, util, os, tty, process: processObject, perf_hooks: { performance },
};
const HOST_BUILTINS = new Set(['events', 'buffer', 'string_decoder', 'assert', 'url', 'querystring', 'path', 'punycode', 'stream', 'util/types', 'diagnostics_channel']);
const cache = new Map<string, unknown>();

g.require = function require(specifier: string): unknown {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  let module: unknown;
  if (name in shims) module = shims[name];
  else if (HOST_BUILTINS.has(name)) module = host.builtin(name);
  else if (name in FORBIDDEN_MODULES) module = forbiddenModule(host, name, FORBIDDEN_MODULES[name] as string);
  else throw Object.assign(new Error(`Cannot find module '${specifier}' in real process ${host.id} (bundle it, or it is not simulated)`), { code: 'MODULE_NOT_FOUND' });
  cache.set(name, module);
  return module;
};
