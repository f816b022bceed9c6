/**
 * The lock recipe (ZooKeeper's recipes page; Curator's InterProcessMutex): each contender creates an
 * ephemeral sequential znode under the lock path; the lowest sequence number holds the lock; every other
 * contender watches only its predecessor (no herd effect) and re-checks when it goes. A holder's znode
 * goes when it releases, or when its session expires. Curator's advice is followed: a holder stops
 * believing it holds the lock as soon as the connection is SUSPENDED.
 *
 * That is not enough: a holder paused (GC, SIGSTOP) past its session timeout still believes, until it runs
 * again, while the leader expired its session and the next contender took the lock. Without fencing
 * tokens the critical sections overlap.
 */
import type { ClientContext, ClientWorkload } from '../../harness/sim/types.js';
import { ZkSession, type SessionConfig } from './session-client.js';

const SEQ_DIGITS = 10;
const seqOf = (name: string): number => Number(name.slice(-SEQ_DIGITS));

/** Creates the lock's znode and waits to be first in line. Returns our znode's name, or null if the session was lost. */
export async function acquireLock(ctx: ClientContext, session: ZkSession, lockPath: string, prefix: string): Promise<string | null> {
  await session.request({ op: 'create', path: lockPath, data: null }); // NODEEXISTS is fine
  let mine: string | null = null;
  for (let attempt = 0; attempt < 1000 && !ctx.stopping; attempt++) {
    if (session.checkHealth() === 'LOST') return null;
    if (mine === null) {
      const created = await session.request({ op: 'create', path: `${lockPath}/${prefix}`, data: ctx.id, ephemeral: true, sequential: true });
      if (created.kind === 'expired') return null;
      if (created.kind === 'reply' && created.result.ok) mine = created.result.path!.slice(lockPath.length + 1);
      // An ambiguous create (Curator's protection mode): our unique prefix finds the znode if it was made.
      if (created.kind === 'lost' && !created.submitted) continue;
    }
    const listed = await session.request({ op: 'getChildren', path: lockPath });
    if (listed.kind === 'expired') return null;
    if (listed.kind !== 'reply' || !listed.result.ok) continue;
    const children = [...(listed.result.children ?? [])].sort((a, b) => seqOf(a) - seqOf(b));
    mine ??= children.find((c) => c.startsWith(prefix)) ?? null;
    if (mine === null) continue;
    const index = children.indexOf(mine);
    if (index < 0) return null; // our znode is gone: the session expired under us
    if (index === 0) return mine;
    // Watch the predecessor; the long poll doubles as a heartbeat when it times out.
    const predecessor = `${lockPath}/${children[index - 1]}`;
    const watched = await session.request({ op: 'watch', path: predecessor }, session.sessionTimeoutMs / 3);
    if (watched.kind === 'expired') return null;
    if (watched.kind === 'lost') await session.ping();
  }
  return null;
}

export interface LockClientConfig extends SessionConfig {
  lockPath: string;
  /** How long a holder keeps the lock (its critical section). */
  holdMs: number;
  thinkMs: number;
}

/**
 * Contends for one lock in a loop. While holding it, the client heartbeats and records its belief
 * (`lock-belief`, the lock checkers' note) from the grant until it releases or the connection is not
 * CONNECTED any more.
 */
export function zkLockClient(config: LockClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx) => {
    const session = new ZkSession(ctx, config, clientNumber);
    let grants = 0;
    while (!ctx.stopping) {
      if (session.state === 'LOST' || session.sessionId === 0) {
        if (!(await session.start())) return;
      }
      const prefix = `${ctx.id}-${session.sessionId}-${grants}-lock-`;
      const mine = await acquireLock(ctx, session, config.lockPath, prefix);
      if (mine === null) continue;
      grants++;
      const fromUs = Math.round(ctx.trueNow() * 1000);
      ctx.cover('zk:lock-acquired');
      const heldSinceMs = ctx.monotonicNow();
      const heartbeatMs = config.sessionTimeoutMs / 3;
      for (;;) {
        const leftMs = config.holdMs - (ctx.monotonicNow() - heldSinceMs);
        if (leftMs < 1) break;
        await ctx.sleep(Math.min(heartbeatMs, leftMs));
        if (session.checkHealth() !== 'CONNECTED') break;
        await session.ping();
        if (session.state !== 'CONNECTED') break;
      }
      const toUs = Math.round(ctx.trueNow() * 1000);
      ctx.note('lock-belief', { lock: config.lockPath, client: ctx.id, session: `${ctx.id}#${grants}`, fromUs, toUs, token: seqOf(mine) });
      if (session.state === 'CONNECTED') await session.request({ op: 'delete', path: `${config.lockPath}/${mine}`, version: -1 });
      await ctx.sleep(config.thinkMs * (0.5 + ctx.rng.next()));
    }
  };
}
