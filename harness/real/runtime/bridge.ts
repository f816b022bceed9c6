/**
 * The host side of a real process, as the code inside its vm context sees it: the only door between the
 * two realms. Every method is synchronous; the host calls back into the context only through scripts run
 * with `runInContext`, so the context's microtasks drain at the end of each (see process-host.ts).
 */

/** The global name under which the context finds its host bridge. */
export const HOST_GLOBAL = '__faultlineHost';
/** The global name under which the host finds the context's event loop. */
export const LOOP_GLOBAL = '__faultlineLoop';
/** The global name of the module registry the runtime bundle leaves for the user's bundle. */
export const MODULES_GLOBAL = '__faultlineModules';

export type SocketEvent =
  | { conn: number; kind: 'connect' }
  /** A connection accepted by a listening server of the process. */
  | { conn: number; kind: 'accept'; port: number; remoteAddress: string }
  | { conn: number; kind: 'data'; data: Uint8Array }
  | { conn: number; kind: 'end' }
  | { conn: number; kind: 'error'; code: string; message: string }
  | { conn: number; kind: 'close' };

export interface HostBridge {
  readonly id: string;
  readonly env: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
  /** This node's wall clock, ms since the epoch (offset, drift and jumps apply). */
  wallNow(): number;
  /** This node's monotonic clock, ms (drift applies, never jumps). */
  monotonicNow(): number;
  /** A draw from this node's RNG stream, in [0, 1). */
  random(): number;
  /** Fills `bytes` from this node's RNG stream. */
  randomFill(bytes: Uint8Array): void;
  /** The next timer of the context is due at this monotonic time (ms); null: no timer left. */
  nextTimer(monoMs: number | null): void;
  /** Opens a simulated TCP connection; the answer arrives as socket events. Returns the connection id. */
  connect(host: string, port: number): number;
  /** Accepts simulated TCP connections on `port` of this node (a server process only); they arrive as 'accept' events. */
  listen(port: number): void;
  unlisten(port: number): void;
  write(conn: number, data: Uint8Array): void;
  /** Half-closes (FIN after the data written so far). */
  end(conn: number): void;
  /** Drops the connection at once (a reset). */
  destroy(conn: number): void;
  /** The address a name resolves to (node ids resolve to themselves), or null: ENOTFOUND. */
  resolve(name: string): string | null;
  /** True once the nemesis phase is over and the scenario asks clients to wind down. */
  stopping(): boolean;
  /** History and coverage (the `faultline/real` module). Returns an op handle number. */
  invoke(f: string, value: unknown, key: string | undefined): number;
  complete(op: number, type: 'ok' | 'fail' | 'info', value: unknown): void;
  note(kind: string, data: Record<string, unknown>): void;
  cover(goal: string): void;
  point(name: string, detail: string | undefined): void;
  /** Starts a lock belief now; `untilWallMs` is the holder's own validity deadline on its wall clock. */
  lockHeld(lock: string, session: string, untilWallMs: number, token: number | null): number;
  lockReleased(belief: number): void;
  /** Promises the runtime watches turned out rejected with no handler: it reports them next. */
  rejected(): void;
  /** A promise rejection nothing handled, described: fails the run as Node would exit the process. */
  rejection(description: string, reason: unknown): void;
  /** A call that leaves the simulation: fails the run, naming `call`, and throws. */
  escape(call: string, why: string): never;
  /** A line the process wrote to its console or stdout / stderr. */
  output(stream: 'stdout' | 'stderr', text: string): void;
  /** process.exit(code). */
  exit(code: number): void;
  /** Requires one of the host's pure builtins (events, util, buffer, ...), or null if it is not one. */
  builtin(name: string): unknown;
}
