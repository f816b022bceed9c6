/**
 * A real process as a server node: your own service (Node code that listens with `net` or `tls`), one
 * realm per incarnation (realm.ts; a crash loses the process and everything in it, a restart runs the
 * entry module again), woken by the node's timers, serving simulated TCP (tcp-server.ts) on the ports it
 * listens on, and connecting to other server nodes as a TCP client over its messages (node-link.ts).
 * Bytes that arrive are handed to the process at once, so what it writes back within that event rides on
 * the answering segment, as a real stack would send it without delay.
 */
import type { Envelope, NodeBehavior, NodeContext, TimerHandle } from '../sim/types.js';
import { NodeLink } from './node-link.js';
import { Realm, realmNode, RealProcessError, type NodeBridge, type RealProcessOptions } from './realm.js';
import { TcpClient } from './tcp-client.js';
import { fromBinary, isTcpSegment, toBinary, type TcpSegment } from './tcp-segment.js';
import { TcpServer, type ServerStream } from './tcp-server.js';

export class RealServer implements NodeBehavior {
  readonly #entryFile: string;
  readonly #options: RealProcessOptions;
  #ctx!: NodeContext;
  #realm!: Realm;
  #tcp = new TcpServer();
  #link!: NodeLink;
  #client!: TcpClient;
  /** Accepted connections, numbered from -1 down so they never meet the outbound ones (1 up) in the process. */
  readonly #streams = new Map<number, ServerStream>();
  #nextConn = -1;
  /** Monotonic deadlines of the wake-up timers armed (a wake that finds nothing due changes nothing). */
  readonly #wakes = new Set<number>();
  #error: Error | null = null;

  constructor(entryFile: string, options: RealProcessOptions) {
    this.#entryFile = entryFile;
    this.#options = options;
  }

  init(ctx: NodeContext): void {
    this.#ctx = ctx;
    this.#link = new NodeLink(ctx);
    this.#client = new TcpClient(this.#link, (e) => this.#realm.queue(e), () => this.#realm.drive());
    // A server has no history of its own: its notes go to the node's log.
    const node = realmNode(ctx, (kind, data) => ctx.log(`${kind} ${JSON.stringify(data)}`));
    this.#realm = new Realm(node, this.#entryFile, this.#options, {
      bridge: (inside) => this.#bridge(inside),
      wakeAt: (mono) => this.#wakeAt(mono),
      flush: () => this.#client.flush(), // accepted connections' writes go straight into the TCP server
      finished: (error) => {
        this.#error = error;
        this.#client.close();
        // The process is gone: its ports are closed, so every segment is answered with a reset.
        this.#tcp = new TcpServer();
        this.#streams.clear();
      },
    });
    this.#realm.start();
    this.#rethrow();
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    if (this.#link.onReply(msg)) {
      this.#rethrow();
      return;
    }
    // An answer to one of our calls that came after its timeout is dropped, as a client's late reply is;
    // requests to our listeners never answer anything. A real process speaks TCP only.
    if (msg.inReplyTo !== undefined || !isTcpSegment(msg.body)) return;
    this.#tcp.onSegment(ctx, msg as Envelope<TcpSegment>);
    this.#realm.drive(); // accepts (a SYN alone drives nothing)
    this.#rethrow();
  }

  onTimer(_ctx: NodeContext, timer: TimerHandle): void {
    if (!this.#link.onTimer(timer)) {
      this.#wakes.delete(timer.payload as number);
      this.#realm.drive();
    }
    this.#rethrow();
  }

  /** A failed process fails the run, naming the node (the kernel reports a handler's error). */
  #rethrow(): void {
    if (this.#error !== null) throw this.#error;
  }

  #wakeAt(next: number): void {
    for (const w of this.#wakes) if (w <= next) return;
    this.#wakes.add(next);
    this.#ctx.setTimer(Math.max(0, Math.round((next - this.#ctx.monotonicNow()) * 1000)) / 1000, next);
  }

  /** The server's half of the host bridge: listening sockets, connections to other server nodes; no history. */
  #bridge(inside: (call: string) => void): NodeBridge {
    const id = this.#ctx.id;
    const refuse = (call: string, why: string): never => {
      const error = new RealProcessError(`real process ${id} called ${call}: ${why}`);
      this.#realm.fail(error);
      throw error;
    };
    const stream = (conn: number): ServerStream | undefined => this.#streams.get(conn);
    const servers = (name: string): string | null => {
      const node = this.#options.hosts?.[name] ?? name;
      return node !== id && this.#ctx.peers.includes(node) ? node : null;
    };
    return {
      listen: (port) => {
        inside('net.Server.listen');
        this.#tcp.listen(port, (s) => {
          const conn = this.#nextConn--;
          this.#streams.set(conn, s);
          this.#realm.queue({ conn, kind: 'accept', port, remoteAddress: s.client });
          return {
            onData: (data) => {
              this.#realm.queue({ conn, kind: 'data', data: fromBinary(data) });
              this.#realm.drive();
            },
            onEnd: () => {
              this.#realm.queue({ conn, kind: 'end' });
              this.#realm.drive();
            },
            onClose: () => {
              if (!this.#streams.delete(conn)) return;
              this.#realm.queue({ conn, kind: 'close' });
              this.#realm.drive();
            },
          };
        });
      },
      unlisten: (port) => { inside('net.Server.close'); this.#tcp.unlisten(port); },
      write: (conn, data) => {
        inside('socket.write');
        if (conn < 0) stream(conn)?.write(toBinary(data));
        else this.#client.write(conn, toBinary(data));
      },
      end: (conn) => {
        inside('socket.end');
        if (conn < 0) stream(conn)?.end();
        else this.#client.end(conn);
      },
      destroy: (conn) => {
        inside('socket.destroy');
        if (conn >= 0) {
          this.#client.destroy(conn);
          return;
        }
        // No reset from the accepting side: the connection is closed after the bytes written so far.
        stream(conn)?.end();
        this.#streams.delete(conn);
      },
      connect: (host, port) => {
        inside('net.connect');
        const node = servers(host);
        const conn = this.#client.connect(node ?? host, port);
        if (node === null) this.#client.refuse(conn, `connect ECONNREFUSED ${host}:${port}`);
        return conn;
      },
      resolve: (name) => { inside('dns.lookup'); return servers(name) === null ? null : name; },
      stopping: () => false,
      invoke: () => refuse('invoke', 'a server records no history: clients do'),
      complete: () => refuse('complete', 'a server records no history: clients do'),
      lockHeld: () => refuse('lockHeld', 'lock beliefs are recorded by clients'),
      lockReleased: () => undefined,
    };
  }
}
