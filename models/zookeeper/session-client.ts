/**
 * A client-side session, Curator style. The client creates a session on some server, sends every request
 * with its session id and the last zxid it has seen, and heartbeats while idle. Connection states:
 * - CONNECTED: a server answered recently;
 * - SUSPENDED: no answer for 2/3 of the session timeout (ZooKeeper's read timeout) or a connection loss:
 *   the session may still be alive, the client looks for another server;
 * - LOST: the server said the session expired, or (Curator's simulated expiry) the client has heard
 *   nothing for a whole session timeout. Ephemerals are gone; a new session is needed.
 * State changes are noted (`zk-connection-state`) for reports.
 */
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import type { ClientOp, ClientReply, OpResult } from './messages.js';

export type ConnectionState = 'CONNECTED' | 'SUSPENDED' | 'LOST';

export type SessionOutcome =
  | { kind: 'reply'; result: OpResult; zxid: number }
  | { kind: 'lost'; submitted: boolean }
  | { kind: 'expired' };

export interface SessionConfig {
  sessionTimeoutMs: number;
  requestTimeoutMs: number;
  /** The connect string: the ensemble's servers (default: every server of the topology). */
  ensemble?: readonly NodeId[];
}

export class ZkSession {
  state: ConnectionState = 'SUSPENDED';
  sessionId = 0;
  lastZxid = 0;
  #server: NodeId;
  #lastHeardMs = 0;
  readonly #ensemble: readonly NodeId[];

  constructor(
    private readonly ctx: ClientContext,
    private readonly config: SessionConfig,
    clientNumber: number,
  ) {
    this.#ensemble = config.ensemble ?? ctx.servers;
    this.#server = this.#ensemble[clientNumber % this.#ensemble.length] as NodeId;
  }

  /** Creates a new session, trying servers until one works (or the run winds down). */
  async start(): Promise<boolean> {
    this.sessionId = 0;
    for (let attempt = 0; attempt < 100 && !this.ctx.stopping; attempt++) {
      const r = await this.#send({ op: 'createSession', timeoutMs: this.config.sessionTimeoutMs }, this.config.requestTimeoutMs);
      if (r.kind === 'reply' && r.result.ok && r.result.sessionId !== undefined) {
        this.sessionId = r.result.sessionId;
        this.#setState('CONNECTED');
        return true;
      }
      await this.ctx.sleep(this.config.requestTimeoutMs);
    }
    return false;
  }

  async request(op: ClientOp, timeoutMs = this.config.requestTimeoutMs): Promise<SessionOutcome> {
    if (this.checkHealth() === 'LOST') return { kind: 'expired' };
    return this.#send(op, timeoutMs);
  }

  get sessionTimeoutMs(): number {
    return this.config.sessionTimeoutMs;
  }

  ping(): Promise<SessionOutcome> {
    return this.request({ op: 'ping' });
  }

  /** Time alone can move the state: SUSPENDED after 2/3 of the timeout in silence, LOST after all of it. */
  checkHealth(): ConnectionState {
    if (this.state === 'LOST') return this.state;
    const silentMs = this.ctx.monotonicNow() - this.#lastHeardMs;
    if (silentMs > this.config.sessionTimeoutMs) this.#setState('LOST');
    else if (silentMs > (2 * this.config.sessionTimeoutMs) / 3) this.#setState('SUSPENDED');
    return this.state;
  }

  async #send(op: ClientOp, timeoutMs: number): Promise<SessionOutcome> {
    const body = { type: 'zk-request', request: op, lastZxid: this.lastZxid, ...(this.sessionId !== 0 ? { sessionId: this.sessionId } : {}) };
    const r = await this.ctx.call<ClientReply>(this.#server, body, { timeoutMs });
    if (r.status === 'ok' && r.body.type === 'zk-reply') {
      this.#lastHeardMs = this.ctx.monotonicNow();
      this.lastZxid = Math.max(this.lastZxid, r.body.zxid);
      if (this.sessionId !== 0) this.#setState('CONNECTED');
      return { kind: 'reply', result: r.body.result, zxid: r.body.zxid };
    }
    if (r.status === 'ok' && r.body.type === 'zk-session-expired') {
      this.#setState('LOST');
      return { kind: 'expired' };
    }
    // A long-polled watch that has not fired yet is not a connection problem.
    if (op.op === 'watch' && r.status === 'timeout') return { kind: 'lost', submitted: false };
    // Connection loss or silence: look for another server; the session may still be alive.
    const others = this.#ensemble.filter((id) => id !== this.#server);
    if (others.length > 0) this.#server = this.ctx.rng.pick(others);
    if (this.sessionId !== 0 && this.state === 'CONNECTED') this.#setState('SUSPENDED');
    this.checkHealth();
    return { kind: 'lost', submitted: r.status === 'timeout' || (r.body as { submitted?: boolean }).submitted === true };
  }

  #setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.ctx.note('zk-connection-state', { state, sessionId: this.sessionId });
    if (state === 'LOST') this.ctx.cover('zk:client-session-lost');
  }
}
