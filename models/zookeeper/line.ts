/**
 * Waiting in line under a parent znode: what the lock recipe (recipes.ts) and the leader election recipe
 * (leader-latch.ts) share. The steps are the recipes page's for locks
 * (https://zookeeper.apache.org/doc/current/recipes.html#sc_recipes_Locks); leader election is the same
 * line with "leader" for "holder":
 *
 * 1. create `<parent>/<prefix>` EPHEMERAL_SEQUENTIAL;
 * 2. getChildren(parent) without setting a watch;
 * 3. if our znode has the lowest sequence number, we are first (hold the lock, lead);
 * 4. else exists(the child with the next lower sequence number, watch = true);
 * 5. if exists returns null, go to 2; else wait for the watch's event, then go to 2.
 *
 * Each waiter watches only its predecessor, so a release wakes one client (no herd effect). `prefix` is
 * unique per attempt (Curator's protection mode): after an ambiguous create the children list shows
 * whether our znode was made.
 */
import type { ClientContext } from '../../harness/index.js';
import type { ZkSession } from './session-client.js';

const SEQ_DIGITS = 10;
/** A sequential znode's sequence number: the ten digits the server appends to its name. */
export const seqOf = (name: string): number => Number(name.slice(-SEQ_DIGITS));

/** Our place in line, updated as soon as it is known (tests and reports read it while we wait). */
export interface Place {
  /** Our znode's name under the parent (null: none yet, or it went with the session). */
  ours: string | null;
  /** Its czxid, the zxid of the txn that created it (null: not known). */
  czxid: number | null;
}

export interface LineOptions {
  parent: string;
  /** Our znode's name before the sequence number: unique per attempt. */
  prefix: string;
  /** Being first is not enough: also know our znode's czxid (a fencing token), reading its stat if need be. */
  needCzxid?: boolean;
  /** Coverage goal counted each time a watch is set on a predecessor. */
  coverWatching: string;
}

/**
 * Joins the line (a fresh znode: `place` is reset) and waits to be first with the connection CONNECTED.
 * True once first; false when the session is lost, our znode went with it, or the run winds down.
 */
export async function awaitFirstInLine(ctx: ClientContext, session: ZkSession, place: Place, options: LineOptions): Promise<boolean> {
  // Paths whose watch event came in since we set the watch; events still go on to any earlier listener.
  const fired = new Set<string>();
  const previous = session.onWatchEvent;
  session.onWatchEvent = (event) => {
    fired.add(event.path);
    previous?.(event);
  };
  try {
    return await waitInLine(ctx, session, place, options, fired);
  } finally {
    session.onWatchEvent = previous;
  }
}

async function waitInLine(ctx: ClientContext, session: ZkSession, place: Place, options: LineOptions, fired: Set<string>): Promise<boolean> {
  const { parent, prefix } = options;
  await session.request({ op: 'create', path: parent, data: null }); // NODEEXISTS is fine
  place.ours = null;
  place.czxid = null;
  for (let attempt = 0; attempt < 1000 && !ctx.stopping; attempt++) {
    if (session.checkHealth() === 'LOST') return false;
    if (place.ours === null) {
      const created = await session.request({ op: 'create', path: `${parent}/${prefix}`, data: ctx.id, ephemeral: true, sequential: true });
      if (created.kind === 'expired') return false;
      if (created.kind === 'reply' && created.result.ok) {
        place.ours = created.result.path!.slice(parent.length + 1);
        place.czxid = created.zxid; // a write's reply carries its txn's zxid: the znode's czxid
      }
      // An ambiguous create (protection mode): our unique prefix finds the znode if it was made.
      if (created.kind === 'lost' && !created.submitted) continue;
    }
    // Step 2: no watch here. A child watch would wake every waiter on every change (the herd effect).
    const listed = await session.request({ op: 'getChildren', path: parent });
    if (listed.kind === 'expired') return false;
    if (listed.kind !== 'reply' || !listed.result.ok) continue;
    const children = [...(listed.result.children ?? [])].sort((a, b) => seqOf(a) - seqOf(b));
    place.ours ??= children.find((c) => c.startsWith(prefix)) ?? null;
    if (place.ours === null) continue;
    const index = children.indexOf(place.ours);
    if (index < 0) return false; // our znode is gone: the session expired under us
    if (index === 0) {
      // First in line, but a SUSPENDED connection may mean our session is expiring: not first until CONNECTED.
      if (session.checkHealth() !== 'CONNECTED') continue;
      if (!options.needCzxid || place.czxid !== null) return true;
      // Found through protection mode: read our znode's stat for its czxid.
      const stat = await session.request({ op: 'exists', path: `${parent}/${place.ours}` });
      if (stat.kind === 'expired') return false;
      if (stat.kind === 'reply' && stat.result.ok && stat.result.stat !== undefined) place.czxid = stat.result.stat.czxid;
      if (place.czxid !== null) return true;
      continue;
    }
    // Step 4: watch only the next lower child. exists returning null (NONODE: it went between the list
    // and the watch) sends us back to the list at once.
    const predecessor = `${parent}/${children[index - 1]}`;
    fired.delete(predecessor);
    const watched = await session.request({ op: 'exists', path: predecessor, watch: true });
    if (watched.kind === 'expired') return false;
    if (watched.kind !== 'reply' || !watched.result.ok) continue;
    ctx.cover(options.coverWatching);
    // Step 5: wait for the event (NodeDeleted when the predecessor releases or its session expires), then
    // list again. The long polls only bring events; a ping after each one that runs out is the heartbeat.
    // A watch disarmed without our seeing its event (it should not happen) also sends us back to the list.
    for (let polls = 0; polls < 1000 && !ctx.stopping; polls++) {
      if (fired.has(predecessor) || !session.armed.data.has(predecessor)) break;
      const polled = await session.pollEvents(session.sessionTimeoutMs / 3);
      if (polled.kind === 'expired' || session.checkHealth() === 'LOST') return false;
      if (polled.kind === 'lost' && (await session.ping()).kind === 'expired') return false;
    }
  }
  return false;
}
