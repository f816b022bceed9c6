/**
 * `faultline/real`: real Node code (published client libraries, your own services) as a simulated
 * process. `realProcess(entry)` is a client workload or a server node's factory for a scenario's
 * `build`; inside the entry module, the same import records history, lock beliefs, coverage and
 * points (api.ts). Models that speak a real wire protocol serve it with TcpServer (simulated TCP,
 * tcp-server.ts).
 */
import type { ClientContext, ClientWorkload, NodeBehavior, NodeFactory, NodeId } from '../sim/types.js';
import { compiled, entryPath } from './bundle.js';
import { RealProcess, type RealProcessOptions } from './process-host.js';
import { RealServer } from './server-host.js';

export { invoke, note, cover, point, lockHeld, stopping, type RealOp } from './api.js';
export { RealProcessError, type RealProcessOptions } from './process-host.js';
export { RealBundleError, packageFile } from './bundle.js';
export { TcpServer, type ServerStream, type StreamHandler } from './tcp-server.js';
export { isTcpSegment, type TcpSegment } from './tcp-segment.js';

/** A real process: a client workload in a scenario's `clients`, or a node factory in its `servers`. */
export type RealProcessWorkload = ClientWorkload & NodeFactory;

/**
 * Runs `entry` (a path or file URL; bundled with everything it imports) as a process of its own: virtual
 * time, randomness and timers from its node, sockets over the simulated network. As a client workload it
 * ends when the process has nothing left to wait for (or calls process.exit) and may record history; as
 * a server's factory it is your service (Node code that listens with `net` or `tls`), started again from
 * the top by each restart, which may connect to other server nodes but records no history. An escape from
 * the simulation, a leaked host callback or an uncaught error fails the run naming the node.
 */
export function realProcess(entry: string | URL, options: RealProcessOptions = {}): RealProcessWorkload {
  const file = entryPath(entry);
  compiled(file); // bundle errors surface when the scenario is built, not in the middle of a run
  // A client workload is called with its context, a node factory with the node's id.
  const start = (on: ClientContext | NodeId): Promise<void> & NodeBehavior =>
    (typeof on === 'string' ? new RealServer(file, options) : new RealProcess(on, file, options).exited) as Promise<void> & NodeBehavior;
  return start as RealProcessWorkload;
}
