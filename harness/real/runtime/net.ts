/**
 * `net` (and `tls`) for a simulated process: sockets are simulated TCP connections over the kernel's
 * links (the host's tcp-client.ts or tcp-server.ts carries the bytes). The socket is an EventEmitter with
 * the parts of net.Socket that libraries use: connect / ready / data / end / error / close / timeout
 * events, write, end, destroy, setTimeout, setNoDelay, setKeepAlive, ref / unref, pause / resume,
 * setEncoding. A server (createServer, listen, close; a server node only) hands accepted sockets to its
 * 'connection' listeners.
 */
import type { EventEmitter as EventEmitterType } from 'node:events';
import type { HostBridge, SocketEvent } from './bridge.js';
import type { EventLoop, SocketSink, Timeout } from './loop.js';

interface Env {
  host: HostBridge;
  loop: EventLoop;
  EventEmitter: typeof EventEmitterType;
  Buffer: typeof Buffer;
}

type Callback = (error?: Error | null) => void;

export function virtualNet(env: Env, secure: boolean): { net: Record<string, unknown>; sink: SocketSink } {
  const { host, loop, Buffer: BufferCtor } = env;
  const sockets = new Map<number, Socket>();
  const servers = new Map<number, Server>();
  /** Open ref'd sockets and listening ref'd servers: what keeps the process alive. */
  let refed = 0;

  class Socket extends env.EventEmitter {
    connecting = false;
    destroyed = false;
    readable = false;
    writable = false;
    pending = true;
    remoteAddress: string | undefined;
    remotePort: number | undefined;
    remoteFamily: string | undefined;
    localAddress = '10.0.0.1';
    localPort = 0;
    bytesWritten = 0;
    bytesRead = 0;
    readonly bufferSize = 0;
    allowHalfOpen = false;
    #conn = -1;
    #ref = true;
    #counted = false;
    #encoding: BufferEncoding | null = null;
    #paused = false;
    #pausedData: Buffer[] = [];
    #idleMs = 0;
    #idleTimer: Timeout | null = null;
    #ended = false;

    constructor(options?: { allowHalfOpen?: boolean }) {
      super();
      this.allowHalfOpen = options?.allowHalfOpen === true;
    }

    connect(...args: unknown[]): this {
      const { port, hostname, listener } = connectArgs(args);
      if (listener !== undefined) this.once(secure ? 'secureConnect' : 'connect', listener);
      this.connecting = true;
      this.destroyed = false;
      this.#conn = host.connect(hostname, port);
      this.remoteAddress = hostname;
      this.remotePort = port;
      this.remoteFamily = 'IPv4';
      sockets.set(this.#conn, this);
      this.#count(true);
      return this;
    }

    /** A connection a server of ours accepted: open at once. */
    accepted(conn: number, remoteAddress: string, localPort: number): this {
      this.#conn = conn;
      this.pending = false;
      this.readable = true;
      this.writable = true;
      this.remoteAddress = remoteAddress;
      this.remotePort = 40_000 + (Math.abs(conn) % 20_000); // accepted connections are numbered from -1 down
      this.remoteFamily = 'IPv4';
      this.localPort = localPort;
      sockets.set(conn, this);
      this.#count(true);
      this.#touch();
      return this;
    }

    /** Events from the host's TCP connection. */
    event(e: SocketEvent): void {
      switch (e.kind) {
        case 'connect':
          this.connecting = false;
          this.pending = false;
          this.readable = true;
          // end() while connecting (Node then sends the FIN once connected): the socket stays unwritable.
          this.writable = !this.#ended;
          this.#touch();
          this.emit('connect');
          if (secure) this.emit('secureConnect');
          this.emit('ready');
          return;
        case 'data': {
          this.#touch();
          const buf = BufferCtor.from(e.data);
          this.bytesRead += buf.length;
          if (this.#paused) this.#pausedData.push(buf);
          else this.#emitData(buf);
          return;
        }
        case 'end':
          this.readable = false;
          this.emit('end');
          if (!this.allowHalfOpen) this.end();
          if (!this.writable) this.#finish(false);
          return;
        case 'error': {
          const error = Object.assign(new Error(e.message), { code: e.code, errno: e.code, syscall: this.connecting ? 'connect' : 'read' });
          this.#teardown();
          this.emit('error', error);
          this.emit('close', true);
          return;
        }
        case 'close':
          this.#finish(false);
          return;
      }
    }

    #emitData(buf: Buffer): void {
      this.emit('data', this.#encoding === null ? buf : buf.toString(this.#encoding));
    }

    write(data: unknown, encoding?: unknown, callback?: unknown): boolean {
      const cb = (typeof encoding === 'function' ? encoding : callback) as Callback | undefined;
      if (this.destroyed) {
        // As Node's streams: a write to a destroyed socket fails its callback only (no 'error' event).
        const error = Object.assign(new Error('Cannot call write after a stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' });
        if (cb !== undefined) loop.nextTick(cb, [error]);
        return false;
      }
      if (this.#ended) {
        const error = Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
        loop.nextTick(() => { cb?.(error); this.emit('error', error); }, []);
        return false;
      }
      const buf = typeof data === 'string' ? BufferCtor.from(data, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : BufferCtor.from(data as Uint8Array);
      this.bytesWritten += buf.length;
      host.write(this.#conn, buf);
      this.#touch();
      if (cb !== undefined) loop.nextTick(cb, [null]);
      return true;
    }

    end(data?: unknown, encoding?: unknown, callback?: unknown): this {
      const cb = [data, encoding, callback].find((a) => typeof a === 'function') as Callback | undefined;
      if (data !== undefined && typeof data !== 'function') this.write(data, encoding);
      if (!this.#ended && !this.destroyed) {
        this.#ended = true;
        this.writable = false;
        if (this.#conn >= 0) host.end(this.#conn);
        loop.nextTick(() => { this.emit('finish'); cb?.(); }, []);
      }
      return this;
    }

    destroy(error?: Error): this {
      if (this.destroyed) return this;
      if (this.#conn >= 0) host.destroy(this.#conn);
      this.#teardown();
      loop.nextTick(() => {
        if (error) this.emit('error', error);
        this.emit('close', error !== undefined);
      }, []);
      return this;
    }

    destroySoon(): void { this.end(); }
    resetAndDestroy(): this { return this.destroy(); }

    #teardown(): void {
      this.destroyed = true;
      this.connecting = false;
      this.readable = false;
      this.writable = false;
      this.#ended = true;
      this.#clearIdle();
      sockets.delete(this.#conn);
      this.#count(false);
    }

    #finish(hadError: boolean): void {
      if (this.destroyed) return;
      this.#teardown();
      this.emit('close', hadError);
    }

    setTimeout(ms: number, callback?: () => void): this {
      this.#idleMs = ms;
      if (callback !== undefined) {
        if (ms === 0) this.removeListener('timeout', callback);
        else this.once('timeout', callback);
      }
      this.#touch();
      return this;
    }

    #touch(): void {
      this.#clearIdle();
      if (this.#idleMs > 0 && !this.destroyed) {
        this.#idleTimer = loop.setTimeout(() => { this.#idleTimer = null; this.emit('timeout'); }, this.#idleMs, [], false);
        this.#idleTimer.unref();
      }
    }

    #clearIdle(): void {
      if (this.#idleTimer !== null) loop.clear(this.#idleTimer);
      this.#idleTimer = null;
    }

    pause(): this { this.#paused = true; return this; }
    resume(): this {
      this.#paused = false;
      const queued = this.#pausedData;
      this.#pausedData = [];
      for (const buf of queued) this.#emitData(buf);
      return this;
    }
    isPaused(): boolean { return this.#paused; }
    setEncoding(encoding: BufferEncoding): this { this.#encoding = encoding; return this; }
    setNoDelay(): this { return this; }
    setKeepAlive(): this { return this; }
    address(): { address: string; family: string; port: number } { return { address: this.localAddress, family: 'IPv4', port: this.localPort }; }
    ref(): this { this.#ref = true; this.#count(this.#counted); return this; }
    unref(): this { this.#ref = false; this.#count(this.#counted); return this; }
    get readyState(): string { return this.connecting ? 'opening' : this.destroyed ? 'closed' : this.writable ? 'open' : 'readOnly'; }

    /** Keeps `refed` = number of open, ref'd sockets. */
    #count(open: boolean): void {
      const was = this.#counted && this.#ref;
      this.#counted = open;
      const now = open && this.#ref;
      if (was !== now) refed += now ? 1 : -1;
    }
  }

  const createConnection = (...args: unknown[]): Socket => {
    const first = args[0];
    const socket = new Socket(typeof first === 'object' && first !== null ? (first as { allowHalfOpen?: boolean }) : undefined);
    return socket.connect(...args);
  };
  class Server extends env.EventEmitter {
    listening = false;
    #port = 0;
    #ref = true;
    #counted = false;
    readonly #connections = new Set<Socket>();
    readonly #allowHalfOpen: boolean;

    constructor(options?: unknown, listener?: unknown) {
      super();
      const onConnection = typeof options === 'function' ? options : listener;
      if (typeof onConnection === 'function') this.on(secure ? 'secureConnection' : 'connection', onConnection as (socket: Socket) => void);
      this.#allowHalfOpen = typeof options === 'object' && options !== null && (options as { allowHalfOpen?: boolean }).allowHalfOpen === true;
    }

    /** listen(port[, host][, backlog][, callback]) | listen({ port }[, callback]) */
    listen(...args: unknown[]): this {
      const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      const first = args[0];
      const port = Number(typeof first === 'object' && first !== null ? (first as { port?: unknown }).port : first);
      if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
        host.escape(secure ? 'tls.Server.listen' : 'net.Server.listen', `port ${String(port)}: an ephemeral or unix-socket listener is outside the simulation; listen on the port clients connect to`);
      }
      if (callback !== undefined) this.once('listening', callback);
      if (servers.has(port)) {
        const error = Object.assign(new Error(`listen EADDRINUSE: address already in use :::${port}`), { code: 'EADDRINUSE', errno: -98, syscall: 'listen', port });
        loop.nextTick(() => this.emit('error', error), []);
        return this;
      }
      host.listen(port);
      servers.set(port, this);
      this.#port = port;
      this.listening = true;
      this.#count(true);
      loop.nextTick(() => this.emit('listening'), []);
      return this;
    }

    accept(conn: number, remoteAddress: string): void {
      const socket = new Socket({ allowHalfOpen: this.#allowHalfOpen }).accepted(conn, remoteAddress, this.#port);
      this.#connections.add(socket);
      socket.once('close', () => {
        this.#connections.delete(socket);
        if (!this.listening && this.#connections.size === 0) this.emit('close');
      });
      this.emit(secure ? 'secureConnection' : 'connection', socket);
    }

    /** Stops accepting; 'close' once every accepted connection has ended, as in Node. */
    close(callback?: (error?: Error) => void): this {
      if (!this.listening) {
        const error = Object.assign(new Error('Server is not running.'), { code: 'ERR_SERVER_NOT_RUNNING' });
        if (callback !== undefined) loop.nextTick(callback, [error]);
        return this;
      }
      if (callback !== undefined) this.once('close', () => callback());
      host.unlisten(this.#port);
      servers.delete(this.#port);
      this.listening = false;
      this.#count(false);
      if (this.#connections.size === 0) loop.nextTick(() => this.emit('close'), []);
      return this;
    }

    address(): { address: string; family: string; port: number } | null {
      return this.listening ? { address: '::', family: 'IPv6', port: this.#port } : null;
    }
    getConnections(callback: (error: Error | null, count: number) => void): this {
      loop.nextTick(callback, [null, this.#connections.size]);
      return this;
    }
    ref(): this { this.#ref = true; this.#count(this.#counted); return this; }
    unref(): this { this.#ref = false; this.#count(this.#counted); return this; }

    #count(open: boolean): void {
      const was = this.#counted && this.#ref;
      this.#counted = open;
      const now = open && this.#ref;
      if (was !== now) refed += now ? 1 : -1;
    }
  }

  const createServer = (options?: unknown, listener?: unknown): Server => new Server(options, listener);
  const sink: SocketSink = {
    onSocketEvent: (e) => {
      if (e.kind === 'accept') servers.get(e.port)?.accept(e.conn, e.remoteAddress);
      else sockets.get(e.conn)?.event(e);
    },
    get refedSockets() { return refed; },
  };
  const isIPv4 = (s: string) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(s);
  const isIPv6 = (s: string) => s.includes(':');
  const net: Record<string, unknown> = {
    Socket, Stream: Socket, createConnection, connect: createConnection,
    isIP: (s: string) => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0), isIPv4, isIPv6,
    Server, createServer,
    TLSSocket: Socket,
  };
  return { net, sink };
}

/** net.connect(options[, listener]) | net.connect(port[, host][, listener]) | net.connect(path) */
function connectArgs(args: unknown[]): { port: number; hostname: string; listener: (() => void) | undefined } {
  const listener = args.find((a) => typeof a === 'function') as (() => void) | undefined;
  const first = args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { port?: unknown; host?: unknown; path?: unknown; servername?: unknown };
    if (o.path !== undefined) throw new Error(`net.connect: unix socket ${String(o.path)} is outside the simulation`);
    return { port: Number(o.port ?? 0), hostname: String(o.host ?? 'localhost'), listener };
  }
  return { port: Number(first), hostname: typeof args[1] === 'string' ? args[1] : 'localhost', listener };
}
