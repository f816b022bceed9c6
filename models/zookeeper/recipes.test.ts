import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs } from '../../harness/check/locks/notes.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, ClientWorkload } from '../../harness/sim/types.js';
import { ZkAudit } from './audit.js';
import { zkConfig } from './config.js';
import type { ClientOp } from './messages.js';
import { acquireLock, zkLockClient, type LockClientConfig } from './recipes.js';
import { zkServer } from './server.js';
import { ZkSession, type SessionConfig, type SessionOutcome } from './session-client.js';

const ZK = ['zk1', 'zk2', 'zk3'];
const LOCK = '/lock';
/** 300 ms: a waiter's long poll runs out every 100 ms, so a polling recipe would show many checks below. */
const SESSION: SessionConfig = { sessionTimeoutMs: 300, requestTimeoutMs: 50, ensemble: ZK };

/** A session that records every request it sends (pings and long polls included) and what came of it. */
class RecordingSession extends ZkSession {
  readonly sent: { op: ClientOp; outcome: SessionOutcome; atMs: number }[] = [];
  readonly events: { type: string; path: string; atMs: number }[] = [];
  /** Runs before each request is sent (tests use it to change the tree at a chosen step). */
  beforeRequest: ((op: ClientOp) => Promise<void>) | null = null;

  constructor(private readonly c: ClientContext, clientNumber: number) {
    super(c, SESSION, clientNumber);
    this.onWatchEvent = (e) => this.events.push({ type: e.type, path: e.path, atMs: c.trueNow() });
  }

  override async request(op: ClientOp, timeoutMs?: number): Promise<SessionOutcome> {
    await this.beforeRequest?.(op);
    const outcome = await super.request(op, timeoutMs);
    this.sent.push({ op, outcome, atMs: this.c.trueNow() });
    return outcome;
  }

  count(f: (op: ClientOp) => boolean): number {
    return this.sent.filter((s) => f(s.op)).length;
  }
}

interface Contender {
  session?: RecordingSession;
  /** Our znode's path once granted, and when (true time, ms). */
  granted?: { path: string; atMs: number };
  releasedAtMs?: number;
}

/**
 * One contender: starts a session, acquires the lock, holds it for `holdMs` (heartbeating), deletes its
 * znode. `setup` sees the session before it contends.
 */
function contender(me: Contender, clientNumber: number, holdMs: number, setup: (s: RecordingSession, ctx: ClientContext) => void = () => {}): ClientWorkload {
  return async (ctx) => {
    const session = new RecordingSession(ctx, clientNumber);
    me.session = session;
    setup(session, ctx);
    assert.ok(await session.start(), `${ctx.id} started a session`);
    const grant = await acquireLock(ctx, session, LOCK, `${ctx.id}-lock-`);
    assert.ok(grant !== null, `${ctx.id} got the lock`);
    me.granted = { path: `${LOCK}/${grant.name}`, atMs: ctx.trueNow() };
    for (let heldMs = 0; heldMs < holdMs; heldMs += 50) {
      await ctx.sleep(50);
      await session.ping();
    }
    const deleted = await session.request({ op: 'delete', path: me.granted.path, version: -1 });
    assert.is(deleted.kind, 'reply');
    me.releasedAtMs = ctx.trueNow();
  };
}

async function run(clients: { id: string; workload: ClientWorkload; startMs: number }[], setup: (sim: Simulation) => void = () => {}, untilMs = 4000): Promise<Simulation> {
  const sim = new Simulation({
    seed: 1,
    servers: ZK.map((id) => ({ id, factory: zkServer(zkConfig(), ZK, new ZkAudit()) })),
    clients,
    link: { latencyMs: 1, jitterMs: 1 },
  });
  setup(sim);
  await sim.run(untilMs);
  return sim;
}

const isWatchedExists = (op: ClientOp) => op.op === 'exists' && op.watch === true;

test('a waiter sets one exists watch on its predecessor and wakes on its NodeDeleted event, not on a poll', async () => {
  const holder: Contender = {};
  const waiter: Contender = {};
  await run([
    { id: 'c1', workload: contender(holder, 0, 1000), startMs: 1 },
    { id: 'c2', workload: contender(waiter, 1, 0), startMs: 100 },
  ]);
  assert.ok(holder.releasedAtMs !== undefined && waiter.granted !== undefined, 'both got the lock');
  const w = waiter.session!;
  // The recipe: getChildren without a watch, one exists watch on the predecessor for the whole wait (about
  // ten poll intervals), and one more getChildren when it fires.
  const watches = w.sent.filter((s) => isWatchedExists(s.op));
  assert.is(watches.length, 1, `exists watches: ${watches.length}`);
  assert.is((watches[0]!.op as { path: string }).path, holder.granted!.path);
  assert.is(w.count((op) => op.op === 'getChildren'), 2);
  assert.is(w.count((op) => op.op === 'getChildren' && op.watch === true), 0, 'getChildren sets no watch (no herd effect)');
  assert.ok(w.count((op) => op.op === 'pollEvents') >= 5, 'it waited through several long polls');
  // Woken by the event: NodeDeleted for the predecessor, then the grant within a few round trips of the
  // release, much less than the 100 ms a poll takes to run out.
  assert.equal(w.events.map((e) => `${e.type} ${e.path}`), [`NodeDeleted ${holder.granted!.path}`]);
  assert.ok(w.events[0]!.atMs >= holder.releasedAtMs! - 5, 'the event came with the release');
  assert.ok(waiter.granted.atMs - holder.releasedAtMs! < 15, `granted ${(waiter.granted.atMs - holder.releasedAtMs!).toFixed(3)} ms after the release`);
});

test('each waiter watches only its predecessor: a release wakes the next in line, nobody else', async () => {
  const c: Contender[] = [{}, {}, {}];
  await run([
    { id: 'c1', workload: contender(c[0]!, 0, 600), startMs: 1 },
    { id: 'c2', workload: contender(c[1]!, 1, 300), startMs: 100 },
    { id: 'c3', workload: contender(c[2]!, 2, 0), startMs: 200 },
  ]);
  for (const x of c) assert.ok(x.granted !== undefined, 'every contender got the lock');
  assert.ok(c[0]!.releasedAtMs! <= c[1]!.granted!.atMs && c[1]!.releasedAtMs! <= c[2]!.granted!.atMs, 'in line order');
  for (const i of [1, 2]) {
    const s = c[i]!.session!;
    assert.equal(s.sent.filter((x) => isWatchedExists(x.op)).map((x) => (x.op as { path: string }).path), [c[i - 1]!.granted!.path]);
    assert.equal(s.events.map((e) => `${e.type} ${e.path}`), [`NodeDeleted ${c[i - 1]!.granted!.path}`]);
  }
  // c1's release woke c2 only: c3 heard nothing until c2 released.
  assert.ok(c[2]!.session!.events[0]!.atMs >= c[1]!.releasedAtMs! - 5);
});

test('exists returns null (the predecessor went after the list): the waiter lists the children again at once', async () => {
  const holder: Contender = {};
  const waiter: Contender = {};
  let deletedAtMs = 0;
  await run([
    { id: 'c1', workload: contender(holder, 0, 2000), startMs: 1 },
    {
      id: 'c2',
      workload: contender(waiter, 1, 0, (session, ctx) => {
        // Between the waiter's getChildren and its exists, another session deletes the predecessor.
        const other = new ZkSession(ctx, SESSION, 2);
        session.beforeRequest = async (op) => {
          if (!isWatchedExists(op) || deletedAtMs > 0) return;
          assert.ok(await other.start());
          assert.is((await other.request({ op: 'delete', path: (op as { path: string }).path, version: -1 })).kind, 'reply');
          deletedAtMs = ctx.trueNow();
        };
      }),
      startMs: 100,
    },
  ]);
  const w = waiter.session!;
  assert.ok(deletedAtMs > 0 && waiter.granted !== undefined);
  const ops = w.sent.map((s) => s.op.op);
  const exists = w.sent.find((s) => isWatchedExists(s.op))!;
  assert.ok(exists.outcome.kind === 'reply' && !exists.outcome.result.ok && exists.outcome.result.code === 'NONODE', JSON.stringify(exists.outcome));
  // create the lock node, create ours, list, exists -> null, list again: first, without waiting for anything
  // (then our release).
  assert.equal(ops.slice(ops.indexOf('getChildren')), ['getChildren', 'exists', 'getChildren', 'delete']);
  assert.is(w.count((op) => op.op === 'pollEvents'), 0);
  assert.ok(waiter.granted.atMs - deletedAtMs < 15);
  assert.ok(holder.releasedAtMs! > waiter.granted.atMs, 'the holder had not released');
});

test('a holder cut off from the ensemble stops believing (SUSPENDED) before its session expires and the next one takes the lock', async () => {
  const config: LockClientConfig = { ...SESSION, lockPath: LOCK, holdMs: 400, thinkMs: 20 };
  const clients = ['c1', 'c2', 'c3'];
  let cutHolding = 0;
  for (const [k, cut] of clients.entries()) {
    const cutAtMs = 1000 + 150 * k;
    const sim = await run(
      clients.map((id, i) => ({ id, workload: zkLockClient(config, i), startMs: 1 })),
      (s) => {
        s.at(cutAtMs, 'isolate', () => s.faultTarget.setGrudge({ [cut]: ZK, ...Object.fromEntries(ZK.map((id) => [id, [cut]])) }));
        s.at(cutAtMs + 600, 'heal', () => s.faultTarget.heal());
      },
      3000,
    );
    const beliefs = lockBeliefs(sim.notes);
    const exclusive = checkLockExclusivity(beliefs);
    assert.ok(exclusive.valid === true, exclusive.explanation);
    const held = beliefs.find((b) => b.client === cut && b.fromUs <= cutAtMs * 1000 && b.toUs > cutAtMs * 1000);
    if (held === undefined) continue;
    cutHolding++;
    assert.ok(held.toUs < (cutAtMs + SESSION.sessionTimeoutMs) * 1000, `${cut} believed until ${held.toUs / 1000} ms`);
    assert.ok(beliefs.some((b) => b.client !== cut && b.fromUs > held.toUs && b.fromUs < (cutAtMs + 600) * 1000), 'another client took the lock during the partition');
  }
  assert.ok(cutHolding > 0, 'some isolated client was holding the lock');
});

test.run();
