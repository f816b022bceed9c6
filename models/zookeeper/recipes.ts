/**
 * The lock recipe (ZooKeeper's recipes page; Curator's InterProcessMutex): each contender creates an
 * ephemeral sequential znode under the lock path; the lowest sequence number holds the lock; every other
 * contender sets an exists watch on its predecessor only (no herd effect) and lists the children again
 * when the watch fires (line.ts, shared with the leader latch). A holder's znode goes when it releases, or
 * when its session expires. Curator's advice is followed: a holder stops believing it holds the lock as
 * soon as the connection is not CONNECTED (SUSPENDED or LOST).
 *
 * That is not enough: a holder paused (GC, SIGSTOP) past its session timeout still believes, until it runs
 * again, while the leader expired its session and the next contender took the lock. Without fencing
 * tokens the critical sections overlap.
 *
 * Fencing: the lock znode's czxid (the zxid of the txn that created it) grows with every grant — the next
 * holder's znode was created after ours, or it would be ahead of us in line — so it serves as the fencing
 * token a protected resource checks (the `resource` option; models/redlock/resource.ts).
 */
import { LOCK_BELIEF, LOCK_HELD, type ClientContext, type ClientWorkload, type NodeId } from '../../harness/index.js';
import { writeResource } from '../redlock/resource.js';
import { awaitFirstInLine, type Place } from './line.js';
import { ZkSession, type SessionConfig } from './session-client.js';

/** A granted lock: our znode's name and its czxid (the fencing token). */
export interface LockGrant {
  name: string;
  czxid: number;
}

/**
 * Creates the lock's znode and waits to be first in line: the recipes page's lock steps (line.ts), with a
 * watch on the predecessor. Returns the grant, or null if the session was lost.
 */
export async function acquireLock(ctx: ClientContext, session: ZkSession, lockPath: string, prefix: string): Promise<LockGrant | null> {
  const place: Place = { ours: null, czxid: null };
  const first = await awaitFirstInLine(ctx, session, place, { parent: lockPath, prefix, needCzxid: true, coverWatching: 'zk:lock-watching-predecessor' });
  return first && place.ours !== null && place.czxid !== null ? { name: place.ours, czxid: place.czxid } : null;
}

export interface LockClientConfig extends SessionConfig {
  lockPath: string;
  /** How long a holder keeps the lock (its critical section). */
  holdMs: number;
  thinkMs: number;
  /**
   * A protected resource the holder writes to once per heartbeat interval of its critical section, with
   * the lock znode's czxid as the fencing token when `fencing` (else no token).
   */
  resource?: { node: NodeId; fencing: boolean; writeTimeoutMs: number };
}

/**
 * Contends for one lock in a loop. While holding it, the client works in steps of a heartbeat interval:
 * it checks its connection, works (sleeps), writes the step's result to the resource if there is one,
 * and heartbeats. A pause during the work lands between the check and the write (Kleppmann's GC pause).
 * It records its belief from the grant (`lock-held`) until it releases or the connection is not
 * CONNECTED any more (`lock-belief`; a crash before that ends it, see lockBeliefs), and each write
 * (`resource-write`).
 */
export function zkLockClient(config: LockClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx) => {
    const session = new ZkSession(ctx, config, clientNumber);
    let grants = 0;
    let values = 0;
    while (!ctx.stopping) {
      if (session.state === 'LOST' || session.sessionId === 0) {
        if (!(await session.start())) return;
      }
      const prefix = `${ctx.id}-${session.sessionId}-${grants}-lock-`;
      const grant = await acquireLock(ctx, session, config.lockPath, prefix);
      if (grant === null) continue;
      grants++;
      const held = `${ctx.id}#${grants}`;
      const fromUs = Math.round(ctx.trueNow() * 1000);
      ctx.cover('zk:lock-acquired');
      ctx.note(LOCK_HELD, { lock: config.lockPath, client: ctx.id, session: held, fromUs, untilUs: null, token: grant.czxid });
      const heldSinceMs = ctx.monotonicNow();
      const heartbeatMs = config.sessionTimeoutMs / 3;
      for (;;) {
        const leftMs = config.holdMs - (ctx.monotonicNow() - heldSinceMs);
        if (leftMs < 1) break;
        if (session.checkHealth() !== 'CONNECTED') break;
        await ctx.sleep(Math.min(heartbeatMs, leftMs)); // the work
        if (config.resource !== undefined) {
          const { node, fencing, writeTimeoutMs } = config.resource;
          await writeResource(ctx, {
            node, lock: config.lockPath, session: held, acquiredUs: fromUs,
            token: fencing ? grant.czxid : null, value: values++, timeoutMs: writeTimeoutMs,
          }, 'zk:resource-rejected-stale-token');
        }
        await session.ping();
        if (session.state !== 'CONNECTED') break;
      }
      const toUs = Math.round(ctx.trueNow() * 1000);
      ctx.note(LOCK_BELIEF, { lock: config.lockPath, client: ctx.id, session: held, fromUs, toUs, token: grant.czxid });
      if (session.state === 'CONNECTED') await session.request({ op: 'delete', path: `${config.lockPath}/${grant.name}`, version: -1 });
      await ctx.sleep(config.thinkMs * (0.5 + ctx.rng.next()));
    }
  };
}
