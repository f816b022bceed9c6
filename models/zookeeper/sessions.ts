/**
 * Sessions on the server side (SessionTrackerImpl + LearnerSessionTracker, reduced). A session is created
 * by a committed createSession txn (its id is that zxid) and lives in the replicated session table. Every
 * client request or ping touches it: at the leader directly, at a follower in its next PING to the leader.
 * Only the leader expires sessions: one silent for longer than its timeout gets a closeSession txn, which
 * every server applies by deleting the session's ephemeral znodes. A new leader gives every session a
 * fresh timeout.
 */
import { propose } from './broadcast.js';
import type { ZkServer } from './server.js';

export function touchAtLeader(s: ZkServer, sessionId: number): void {
  const leader = s.leader!;
  if (s.tree.sessions.has(sessionId) && !leader.expiring.has(sessionId)) leader.sessions.set(sessionId, s.ctx.monotonicNow());
}

/** SessionTracker: the leader alone decides expiry, and commits it as a closeSession txn. */
export function expireSessions(s: ZkServer): void {
  const leader = s.leader!;
  const now = s.ctx.monotonicNow();
  for (const [id, timeoutMs] of s.tree.sessions) {
    if (leader.expiring.has(id)) continue;
    const last = leader.sessions.get(id);
    if (last === undefined) leader.sessions.set(id, now); // created since we last looked
    else if (now - last > timeoutMs) {
      leader.sessions.delete(id);
      leader.expiring.add(id);
      s.ctx.log(`expiring session ${id} (silent for ${Math.round(now - last)} ms)`);
      s.ctx.cover('zk:session-expired');
      propose(s, { op: 'closeSession' }, null, id);
    }
  }
}
