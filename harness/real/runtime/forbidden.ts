/**
 * Modules whose use leaves the simulation (files, processes, threads, real sockets, the thread pool):
 * importing one is allowed, calling into it fails the run with an error naming the call.
 */
import type { HostBridge } from './bridge.js';

export const FORBIDDEN_MODULES: Readonly<Record<string, string>> = {
  fs: 'the file system is outside the simulation',
  'fs/promises': 'the file system is outside the simulation',
  child_process: 'child processes are outside the simulation',
  worker_threads: 'threads are outside the simulation',
  cluster: 'child processes are outside the simulation',
  http: 'real sockets are outside the simulation',
  https: 'real sockets are outside the simulation',
  http2: 'real sockets are outside the simulation',
  dgram: 'real sockets are outside the simulation',
  inspector: 'the inspector is outside the simulation',
  vm: 'new realms would escape the simulated globals',
  v8: 'heap state is outside the simulation',
  async_hooks: 'async hooks observe the host\'s scheduling',
  readline: 'terminal I/O is outside the simulation',
  repl: 'terminal I/O is outside the simulation',
  zlib: 'zlib\'s asynchronous forms run on the libuv thread pool',
  module: 'loading modules at run time is outside the simulation',
};

/** A module whose every member, when used, fails the run naming `module.member`. */
export function forbiddenModule(host: HostBridge, name: string, why: string): unknown {
  const fail = (member: string) => host.escape(`${name}.${member}`, why);
  return new Proxy(function forbidden() {}, {
    get(_target, key) {
      if (typeof key === 'symbol' || key === '__esModule' || key === 'then') return undefined;
      if (key === 'default') return forbiddenModule(host, name, why);
      return new Proxy(function forbiddenMember() {}, {
        apply: () => fail(key),
        construct: () => fail(key),
        get: (_t, inner) => (typeof inner === 'symbol' ? undefined : fail(`${key}.${String(inner)}`)),
      });
    },
    apply: () => fail('()'),
    ownKeys: () => ['prototype'],
  });
}
