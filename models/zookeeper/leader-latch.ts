/**
 * The leader election recipe (ZooKeeper's recipes page; Curator's LeaderLatch): each candidate creates an
 * ephemeral sequential znode under the election path; the candidate with the lowest sequence number is
 * the leader; every other candidate watches only its predecessor (exists with a watch: no herd effect) and
 * re-checks the children when the watch fires (line.ts: the same steps as the lock recipe's). The leader's
 * znode goes when it closes its latch (deletes the znode, closes its session) or when its session expires.
 *
 * Curator's advice is followed: a leader stops believing it leads as soon as its connection is not
 * CONNECTED (SUSPENDED or LOST). Beliefs are noted on the election path (the lock checkers' notes), one
 * per heartbeat step, `lock-held` as it begins and `lock-belief` as it ends, so a candidate that crashes
 * while leading leaves its belief up to the crash; all steps of one leadership share a `session`
 * (`c1#<session id>.<n>`).
 */
import { LOCK_BELIEF, LOCK_HELD, type LockBelief, type LockHeld, type ClientContext, type ClientWorkload } from '../../harness/index.js';
import { awaitFirstInLine, type Place } from './line.js';
import { ZkSession, type SessionConfig } from './session-client.js';

export interface LeaderLatchConfig extends SessionConfig {
  electionPath: string;
  /** How long a leader leads before it closes its latch (Infinity: until the run winds down or the connection goes). */
  leadMs: number;
  /** On close, also close the session (else only the znode is deleted and the candidate runs again). */
  closeSession: boolean;
  thinkMs: number;
}

/** One candidate: its session, its znode, and whether it believes it leads. */
export class LeaderLatch {
  readonly session: ZkSession;
  isLeader = false;
  leaderships = 0;
  readonly #place: Place = { ours: null, czxid: null };

  constructor(
    private readonly ctx: ClientContext,
    private readonly config: LeaderLatchConfig,
    clientNumber: number,
  ) {
    this.session = new ZkSession(ctx, config, clientNumber);
  }

  /** Our znode's name under the election path (null: none yet, or it went with the session). */
  get ours(): string | null {
    return this.#place.ours;
  }

  /** Creates our znode and waits to be first in line (line.ts). True once we lead; false if the session was lost. */
  awaitLeadership(prefix: string): Promise<boolean> {
    return awaitFirstInLine(this.ctx, this.session, this.#place, { parent: this.config.electionPath, prefix, coverWatching: 'zk:latch-watching-predecessor' });
  }

  /**
   * Leads until `leadMs` is over or the connection is not CONNECTED, in heartbeat steps, noting the
   * belief of each step. Returns whether the connection was still CONNECTED at the end.
   */
  async lead(): Promise<boolean> {
    const { ctx, session, config } = this;
    this.leaderships++;
    this.isLeader = true;
    ctx.cover('zk:latch-leader');
    const held = `${ctx.id}#${session.sessionId}.${this.leaderships}`; // unique per leadership, across sessions
    const sinceMs = ctx.monotonicNow();
    const heartbeatMs = session.sessionTimeoutMs / 3;
    let fromUs = Math.round(ctx.trueNow() * 1000);
    const openStep = () => {
      const step: LockHeld = { lock: config.electionPath, client: ctx.id, session: held, fromUs, untilUs: null };
      ctx.note(LOCK_HELD, { ...step });
    };
    const noteStep = () => {
      const toUs = Math.round(ctx.trueNow() * 1000);
      const belief: LockBelief = { lock: config.electionPath, client: ctx.id, session: held, fromUs, toUs };
      ctx.note(LOCK_BELIEF, { ...belief });
      fromUs = toUs;
    };
    openStep();
    while (!ctx.stopping) {
      const leftMs = config.leadMs - (ctx.monotonicNow() - sinceMs);
      if (leftMs < 1) break;
      if (session.checkHealth() !== 'CONNECTED') break;
      await ctx.sleep(Math.min(heartbeatMs, leftMs));
      await session.ping();
      if (session.state !== 'CONNECTED') break;
      noteStep();
      openStep();
    }
    this.isLeader = false;
    noteStep();
    if (session.state !== 'CONNECTED') ctx.cover('zk:latch-leadership-dropped');
    return session.state === 'CONNECTED';
  }

  /** Closes the latch: deletes our znode, and closes the session when configured to. */
  async close(): Promise<void> {
    this.isLeader = false;
    const path = this.config.electionPath;
    if (this.config.closeSession) {
      await this.session.request({ op: 'closeSession' });
      this.session.state = 'LOST';
    } else if (this.ours !== null) {
      // A znode left behind would stand ahead of our next one in line: delete it while the session lives.
      for (let attempt = 0; attempt < 10 && !this.ctx.stopping; attempt++) {
        const r = await this.session.request({ op: 'delete', path: `${path}/${this.ours}`, version: -1 });
        if (r.kind !== 'lost') break;
      }
    }
    this.#place.ours = null;
  }
}

/**
 * A candidate in a loop: it takes part in the election, leads for `leadMs` (or until its connection goes),
 * closes its latch and, after thinking, runs again (with a new session and latch if the old session is
 * gone). `onLatch` sees each latch (tests inspect them).
 */
export function leaderLatchClient(config: LeaderLatchConfig, clientNumber: number, onLatch?: (latch: LeaderLatch) => void): ClientWorkload {
  return async (ctx) => {
    let latch: LeaderLatch | null = null;
    let round = 0;
    while (!ctx.stopping) {
      // A new session (none yet, or the last one is LOST) comes with a new latch: no watches carried over.
      if (latch === null || latch.session.state === 'LOST') {
        latch = new LeaderLatch(ctx, config, clientNumber);
        onLatch?.(latch);
        if (!(await latch.session.start())) return;
      }
      const session = latch.session;
      const prefix = `${ctx.id}-${session.sessionId}-${round++}-latch-`;
      if (!(await latch.awaitLeadership(prefix))) continue;
      await latch.lead();
      await latch.close();
      await ctx.sleep(config.thinkMs * (0.5 + ctx.rng.next()));
    }
  };
}
