/**
 * One incarnation of a real process as a client workload: its realm (realm.ts) woken by `ctx.sleep`s,
 * its sockets simulated TCP over the client's calls (tcp-client.ts), its history, lock beliefs and
 * coverage through the client's context. A lock belief is noted as it begins (`lock-held`) and as it
 * ends (`lock-belief`): at release, at its validity, or when the process ends holding it; a crash of the
 * client ends it too (lockBeliefs reads the crash from the run).
 */
import { LOCK_BELIEF, LOCK_HELD } from '../check/locks/notes.js';
import type { ClientContext, OpHandle } from '../sim/types.js';
import { Realm, realmNode, RealProcessError, type NodeBridge, type RealProcessOptions } from './realm.js';
import { clientLink, TcpClient } from './tcp-client.js';
import { toBinary } from './tcp-segment.js';

export { RealProcessError, type RealProcessOptions } from './realm.js';

interface Belief {
  lock: string;
  session: string;
  fromUs: number;
  fromWall: number;
  untilWall: number;
  token: number | null;
}

export class RealProcess {
  readonly #ctx: ClientContext;
  readonly #options: RealProcessOptions;
  readonly #tcp: TcpClient;
  readonly #realm: Realm;
  readonly #ops = new Map<number, OpHandle>();
  readonly #beliefs = new Map<number, Belief>();
  #nextOp = 1;
  /** A reading of the clocks when the process started: the rate its clocks run at since then. */
  readonly #startUs: number;
  readonly #startMono: number;
  /** Monotonic deadlines of the sleeps in flight (a wake that finds nothing due changes nothing). */
  readonly #wakes = new Set<number>();
  #exit!: { resolve(): void; reject(error: unknown): void };
  readonly exited: Promise<void>;

  constructor(ctx: ClientContext, entryFile: string, options: RealProcessOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#startUs = ctx.trueNow() * 1000;
    this.#startMono = ctx.monotonicNow();
    this.exited = new Promise<void>((resolve, reject) => { this.#exit = { resolve, reject }; });
    this.#tcp = new TcpClient(clientLink(ctx), (e) => this.#realm.queue(e), () => this.#realm.drive());
    this.#realm = new Realm(realmNode(ctx, (kind, data) => ctx.note(kind, data)), entryFile, options, {
      bridge: (inside) => this.#bridge(inside),
      wakeAt: (mono) => this.#wakeAt(mono),
      flush: () => this.#tcp.flush(),
      finished: (error) => {
        for (const id of [...this.#beliefs.keys()]) this.#letGo(id); // the process is gone: so is its belief
        this.#tcp.close();
        if (error !== null) this.#exit.reject(error);
        else this.#exit.resolve();
      },
    });
    this.#realm.start();
  }

  #wakeAt(next: number): void {
    for (const w of this.#wakes) if (w <= next) return;
    const delayMs = Math.max(0, Math.round((next - this.#ctx.monotonicNow()) * 1000)) / 1000;
    this.#wakes.add(next);
    this.#ctx.sleep(delayMs).then(() => {
      this.#wakes.delete(next);
      this.#realm.drive();
    });
  }

  /** The client's half of the host bridge: sockets over calls, history, lock beliefs. */
  #bridge(inside: (call: string) => void): NodeBridge {
    const ctx = this.#ctx;
    return {
      connect: (host, port) => {
        inside('net.connect');
        const server = this.#options.hosts?.[host] ?? host;
        const id = this.#tcp.connect(server, port);
        if (!ctx.servers.includes(server)) this.#tcp.refuse(id, `connect ECONNREFUSED ${host}:${port}`);
        return id;
      },
      listen: () => {
        const error = new RealProcessError(`real process ${ctx.id} called net.Server.listen: it runs as a client workload; a server is realProcess(entry) as a server's factory`);
        this.#realm.fail(error);
        throw error;
      },
      unlisten: () => undefined,
      write: (conn, data) => { inside('socket.write'); this.#tcp.write(conn, toBinary(data)); },
      end: (conn) => { inside('socket.end'); this.#tcp.end(conn); },
      destroy: (conn) => { inside('socket.destroy'); this.#tcp.destroy(conn); },
      resolve: (name) => {
        inside('dns.lookup');
        const server = this.#options.hosts?.[name] ?? name;
        return ctx.servers.includes(server) ? name : null;
      },
      stopping: () => { inside('stopping'); return ctx.stopping; },
      invoke: (f, value, key) => {
        inside('invoke');
        const op = this.#nextOp++;
        this.#ops.set(op, ctx.invoke(f, structuredClone(value), key));
        return op;
      },
      complete: (op, type, value) => {
        inside(type);
        const handle = this.#ops.get(op);
        if (handle === undefined) throw new RealProcessError(`real process ${ctx.id}: operation ${op} completed twice`);
        this.#ops.delete(op);
        handle[type](structuredClone(value));
      },
      lockHeld: (lock, session, untilWall, token) => {
        inside('lockHeld');
        const id = this.#nextOp++;
        const b: Belief = { lock, session, fromUs: Math.round(ctx.trueNow() * 1000), fromWall: ctx.wallNow(), untilWall, token };
        this.#beliefs.set(id, b);
        ctx.note(LOCK_HELD, { lock, client: ctx.id, session, fromUs: b.fromUs, untilUs: this.#validityUs(b), token });
        return id;
      },
      lockReleased: (id) => {
        inside('lockReleased');
        this.#letGo(id);
      },
    };
  }

  #letGo(id: number): void {
    const b = this.#beliefs.get(id);
    if (b === undefined) return;
    this.#beliefs.delete(id);
    this.#ctx.note(LOCK_BELIEF, { lock: b.lock, client: this.#ctx.id, session: b.session, fromUs: b.fromUs, toUs: this.#beliefEnd(b), token: b.token });
  }

  /**
   * The true time the process's wall clock will reach the validity deadline, estimated at the grant
   * from the rate its clocks ran at since the process started (the monotonic one: it does not jump;
   * both drift alike). Null: no deadline.
   */
  #validityUs(b: Belief): number | null {
    if (!Number.isFinite(b.untilWall)) return null;
    const span = this.#ctx.monotonicNow() - this.#startMono;
    const rate = span > 0 ? (this.#ctx.trueNow() * 1000 - this.#startUs) / span : 1000;
    return Math.max(b.fromUs, Math.round(b.fromUs + (b.untilWall - b.fromWall) * rate));
  }

  /**
   * Until when the process believed it held a lock, in true time: until it let go, or until its wall
   * clock passed the validity deadline, interpolated between the grant and now (a jump of its own clock
   * moves the deadline as the process sees it).
   */
  #beliefEnd(b: Belief): number {
    const endUs = Math.round(this.#ctx.trueNow() * 1000);
    const endWall = this.#ctx.wallNow();
    if (endWall < b.untilWall) return endUs;
    const span = endWall - b.fromWall;
    const rate = span > 0 ? (endUs - b.fromUs) / span : 1000;
    return Math.min(endUs, Math.max(b.fromUs, Math.round(b.fromUs + (b.untilWall - b.fromWall) * rate)));
  }
}
