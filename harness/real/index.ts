/**
 * `faultline/real`: real Node code (published client libraries, your own services) as a simulated
 * process. `realProcess(entry)` is a client workload for a scenario's `build`, `realServer(entry)` a
 * server node; inside the entry module, the same import records history, lock beliefs, coverage and
 * points (api.ts). Models that speak a real wire protocol serve it with TcpServer (simulated TCP,
 * tcp-server.ts).
 */
import type { ClientWorkload, NodeFactory } from '../sim/types.js';
import { compiled, entryPath } from './bundle.js';
import { RealProcess, type RealProcessOptions } from './process-host.js';
import { RealServer } from './server-host.js';

export { invoke, note, cover, point, lockHeld, stopping, type RealOp } from './api.js';
export { RealProcessError, type RealProcessOptions } from './process-host.js';
export { RealBundleError, packageFile } from './bundle.js';
export { TcpServer, type ServerStream, type StreamHandler } from './tcp-server.js';
export { isTcpSegment, type TcpSegment } from './tcp-segment.js';

/**
 * A client workload that runs `entry` (a path or file URL; bundled with everything it imports) as a
 * process of its own: virtual time, randomness and timers from its node, sockets over the simulated
 * network. The workload ends when the process has nothing left to wait for (or calls process.exit);
 * an escape from the simulation, a leaked host callback or an uncaught error fails the run naming it.
 */
export function realProcess(entry: string | URL, options: RealProcessOptions = {}): ClientWorkload {
  const file = entryPath(entry);
  compiled(file); // bundle errors surface when the scenario is built, not in the middle of a run
  return (ctx) => new RealProcess(ctx, file, options).exited;
}

/**
 * A server node that runs `entry` (your service: Node code that listens with `net` or `tls`) as a process
 * of its own, started again from the top by each restart: virtual time, randomness and timers from its
 * node, its listening ports served over simulated TCP. Outbound connections and history are not
 * available to a server (clients record history); an escape, a leaked host callback or an uncaught
 * error fails the run naming the node.
 */
export function realServer(entry: string | URL, options: RealProcessOptions = {}): NodeFactory {
  const file = entryPath(entry);
  compiled(file);
  return () => new RealServer(file, options);
}
