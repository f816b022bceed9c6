import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, LinkParams, NodeId } from '../../harness/sim/types.js';
import { ZkAudit } from './audit.js';
import { zkConfig } from './config.js';
import type { ClientOp, WatchedEvent } from './messages.js';
import { ZkServer, zkServer } from './server.js';
import { ZkSession, type SessionOutcome } from './session-client.js';

const ZK = ['zk1', 'zk2', 'zk3'];

interface Harness {
  ctx: ClientContext;
  sim: Simulation;
  /** A session pinned to the given servers (its connect string). */
  session(ensemble: NodeId[], n?: number): Promise<ZkSession>;
}

/** Runs `body` as one client's workload against a 3-server ensemble; fails the test if it throws or never finishes. */
async function withEnsemble(body: (h: Harness) => Promise<void>, options: { fifo?: boolean; link?: Partial<LinkParams>; seed?: number } = {}): Promise<void> {
  let error: unknown = null;
  let finished = false;
  // eslint-disable-next-line prefer-const
  let sim: Simulation;
  const workload = async (ctx: ClientContext) => {
    try {
      await body({
        ctx,
        sim,
        session: async (ensemble, n = 0) => {
          const s = new ZkSession(ctx, { sessionTimeoutMs: 3000, requestTimeoutMs: 100, ensemble }, n);
          assert.ok(await s.start(), 'session started');
          return s;
        },
      });
      finished = true;
    } catch (e) {
      error = e;
    }
  };
  sim = new Simulation({
    seed: options.seed ?? 1, servers: ZK.map((id) => ({ id, factory: zkServer(zkConfig(), ZK, new ZkAudit()) })),
    clients: [{ id: 'c', workload, startMs: 1 }], link: { latencyMs: 1, jitterMs: 0, ...options.link }, ...(options.fifo === false ? { fifo: false } : {}),
  });
  await sim.run(20_000);
  if (error !== null) throw error;
  assert.ok(finished, 'the workload finished');
}

const ok = (r: SessionOutcome) => {
  assert.is(r.kind, 'reply', `expected a reply, got ${JSON.stringify(r)}`);
  return r as Extract<SessionOutcome, { kind: 'reply' }>;
};
const show = (e: WatchedEvent) => `${e.type} ${e.path}`;

/** A watcher session on `watchAt` and a writer session on zk1, with the watcher's events collected. */
async function pair(h: Harness, watchAt: NodeId[] = ['zk2']) {
  const writer = await h.session(['zk1'], 0);
  const watcher = await h.session(watchAt, 0); // starts on watchAt[0]
  const events: string[] = [];
  watcher.onWatchEvent = (e) => events.push(show(e));
  const write = async (op: ClientOp) => ok(await writer.request(op));
  /** Lets the watcher's server catch up and collects what fires: a few long polls. */
  const settle = async () => {
    for (let i = 0; i < 3; i++) await watcher.pollEvents(40);
  };
  return { writer, watcher, events, write, settle };
}

test('child watch: fires NodeChildrenChanged once on a child create or delete, not on unrelated changes; must be re-armed', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h);
    await write({ op: 'create', path: '/p', data: 0 });
    await write({ op: 'create', path: '/q', data: 0 });
    await settle();
    const listed = ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true }));
    assert.equal(listed.result, { ok: true, children: [], stat: (listed.result as { stat: unknown }).stat });
    assert.ok(watcher.armed.child.has('/p'));

    // Unrelated: the parent's data, another znode's children, a sibling.
    await write({ op: 'setData', path: '/p', data: 1, version: -1 });
    await write({ op: 'create', path: '/q/x', data: 0 });
    await write({ op: 'create', path: '/p2', data: 0 });
    await settle();
    assert.equal(events, [], 'no event for unrelated changes');

    await write({ op: 'create', path: '/p/a', data: 0 });
    await write({ op: 'create', path: '/p/b', data: 0 }); // one-shot: no second event
    await settle();
    assert.equal(events, ['NodeChildrenChanged /p']);
    assert.not.ok(watcher.armed.child.has('/p'));

    // Re-armed: a delete of a child fires again.
    ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true }));
    await write({ op: 'delete', path: '/p/a', version: -1 });
    await settle();
    assert.equal(events, ['NodeChildrenChanged /p', 'NodeChildrenChanged /p']);

    // The parent deleted: NodeDeleted on the child watch (and NodeChildrenChanged only for /p's parent).
    ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true }));
    await write({ op: 'delete', path: '/p/b', version: -1 });
    await settle();
    ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true }));
    await write({ op: 'delete', path: '/p', version: -1 });
    await settle();
    assert.equal(events.slice(2), ['NodeChildrenChanged /p', 'NodeDeleted /p']);

    // getChildren on a missing znode leaves no watch.
    assert.equal(ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true })).result, { ok: false, code: 'NONODE' });
    await write({ op: 'create', path: '/p', data: 0 });
    await write({ op: 'create', path: '/p/c', data: 0 });
    await settle();
    assert.is(events.length, 4);
  });
});

test('exists on a missing znode waits for NodeCreated (no event at once), then is spent', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h);
    const r = ok(await watcher.request({ op: 'exists', path: '/n', watch: true }));
    assert.equal(r.result, { ok: false, code: 'NONODE' });
    await write({ op: 'create', path: '/other', data: 0 });
    await settle();
    assert.equal(events, [], 'nothing fires before the create');
    await write({ op: 'create', path: '/n', data: 0 });
    await write({ op: 'setData', path: '/n', data: 1, version: -1 }); // the exists watch is spent
    await write({ op: 'delete', path: '/n', version: -1 });
    await settle();
    assert.equal(events, ['NodeCreated /n']);
  });
});

test('data watches: NodeDataChanged on setData, NodeDeleted on delete, once each; getData on a missing znode leaves none', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h);
    await write({ op: 'create', path: '/d', data: 0 });
    await write({ op: 'create', path: '/d/kid', data: 0 });
    await settle();
    ok(await watcher.request({ op: 'getData', path: '/d', watch: true }));
    await write({ op: 'create', path: '/d/kid2', data: 0 }); // a child: not a data change
    await write({ op: 'setData', path: '/d/kid', data: 1, version: -1 }); // another znode
    await settle();
    assert.equal(events, []);
    await write({ op: 'setData', path: '/d', data: 1, version: -1 });
    await write({ op: 'setData', path: '/d', data: 2, version: -1 });
    await settle();
    assert.equal(events, ['NodeDataChanged /d']);

    // exists on an existing znode is a data watch too: NodeDeleted on delete.
    ok(await watcher.request({ op: 'exists', path: '/d/kid', watch: true }));
    await write({ op: 'delete', path: '/d/kid', version: -1 });
    await settle();
    assert.equal(events, ['NodeDataChanged /d', 'NodeDeleted /d/kid']);

    // Data and child watch on one znode: one NodeDeleted for the session.
    ok(await watcher.request({ op: 'getData', path: '/d/kid2', watch: true }));
    ok(await watcher.request({ op: 'getChildren', path: '/d/kid2', watch: true }));
    await write({ op: 'delete', path: '/d/kid2', version: -1 });
    await settle();
    assert.equal(events.slice(2), ['NodeDeleted /d/kid2']);

    assert.equal(ok(await watcher.request({ op: 'getData', path: '/gone', watch: true })).result, { ok: false, code: 'NONODE' });
    await write({ op: 'create', path: '/gone', data: 0 });
    await settle();
    assert.is(events.length, 3, 'getData NONODE left no watch');
  });
});

/**
 * Ordering: the watcher's reads race the writer's setData; the first read that shows the new data must
 * come after the event. On a reordering link, with a long poll outstanding that the event also answers.
 */
for (const fifo of [true, false]) {
  test(`ordering: the event comes before any response that depends on the change (${fifo ? 'FIFO' : 'reordering'} links)`, async () => {
    for (let seed = 1; seed <= 5; seed++) {
      await withEnsemble(async (h) => {
        const { watcher, write, settle } = await pair(h);
        // Only the watcher's server-to-client link reorders (ZAB between servers assumes TCP).
        if (!fifo) h.sim.faultTarget.setLink('zk2', 'c', { jitterMs: 3, reorder: 0.5 });
        await write({ op: 'create', path: '/r', data: 0 });
        await settle();
        const timeline: string[] = [];
        watcher.onWatchEvent = (e) => timeline.push(show(e));
        ok(await watcher.request({ op: 'getData', path: '/r', watch: true }));
        const poll = watcher.pollEvents(500).then(() => timeline.push('poll returned'));
        const reads = (async () => {
          for (let i = 0; i < 200; i++) {
            const r = await watcher.request({ op: 'getData', path: '/r' });
            if (r.kind === 'reply' && r.result.ok && r.result.data === 1) {
              timeline.push('read 1');
              return;
            }
            await h.ctx.sleep(0.3);
          }
        })();
        await write({ op: 'setData', path: '/r', data: 1, version: -1 });
        await Promise.all([poll, reads]);
        const event = timeline.indexOf('NodeDataChanged /r');
        assert.ok(event >= 0, `the event came (${timeline.join(', ')})`);
        assert.ok(event < timeline.indexOf('read 1'), `event before the read that shows the change: ${timeline.join(', ')}`);
        assert.is(timeline.filter((t) => t.startsWith('Node')).length, 1, 'delivered once although it came twice (poll and reply)');
        // The session's own write: its reply comes after its own watch's event.
        ok(await watcher.request({ op: 'getData', path: '/r', watch: true }));
        const own = ok(await watcher.request({ op: 'setData', path: '/r', data: 2, version: -1 }));
        timeline.push(`own write ${own.result.ok}`);
        assert.equal(timeline.slice(-2), ['NodeDataChanged /r', 'own write true']);
      }, { fifo, seed });
    }
  });
}

test('watches live on the connected server: after losing it the client re-registers on the next one', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h, ['zk2', 'zk3']);
    await write({ op: 'create', path: '/p', data: 0 });
    await write({ op: 'create', path: '/r', data: 0 });
    await settle();
    ok(await watcher.request({ op: 'getChildren', path: '/p', watch: true }));
    ok(await watcher.request({ op: 'getData', path: '/r', watch: true }));
    assert.equal(ok(await watcher.request({ op: 'exists', path: '/later', watch: true })).result, { ok: false, code: 'NONODE' });
    h.sim.faultTarget.crash('zk2');
    // Changes while the watcher has no server: one it must hear of when it reconnects (a child of /p).
    await write({ op: 'create', path: '/p/a', data: 0 });
    // The watcher notices the loss, then reconnects to zk3 with its watches and last zxid.
    let lost = 0;
    while (watcher.armed.child.has('/p') && lost < 20) {
      const r = await watcher.request({ op: 'ping' });
      if (r.kind !== 'reply') lost++;
    }
    assert.ok(lost >= 1, `the watcher saw the loss (${lost}, ${events.join(',')})`);
    assert.equal(events, ['NodeChildrenChanged /p'], 'the missed change fires on re-registration');
    // The others were re-armed on zk3, not fired.
    assert.ok(watcher.armed.data.has('/r') && watcher.armed.exist.has('/later'));
    await write({ op: 'setData', path: '/r', data: 1, version: -1 });
    await write({ op: 'create', path: '/later', data: 0 });
    await settle();
    assert.equal(events, ['NodeChildrenChanged /p', 'NodeDataChanged /r', 'NodeCreated /later']);
  });
});

test('a server that forgot the connection refuses it; the old watches do not fire twice', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h, ['zk2']);
    await write({ op: 'create', path: '/r', data: 0 });
    await settle();
    ok(await watcher.request({ op: 'getData', path: '/r', watch: true }));
    // zk2 restarts between two requests: its watches are gone, though the client saw no loss yet.
    h.sim.faultTarget.restart('zk2');
    let lost = 0;
    for (let i = 0; i < 100; i++) {
      const r = await watcher.request({ op: 'ping' });
      if (r.kind === 'reply') break;
      lost++;
      await h.ctx.sleep(20);
    }
    assert.ok(lost >= 1, 'the forgotten connection was refused');
    await write({ op: 'setData', path: '/r', data: 1, version: -1 });
    await write({ op: 'setData', path: '/r', data: 2, version: -1 });
    await settle();
    assert.equal(events, ['NodeDataChanged /r']);
  });
});

test('multi through any server: one txn at one zxid on every server; its watches fire as its single ops would, a failed one fires none', async () => {
  await withEnsemble(async (h) => {
    const { watcher, events, write, settle } = await pair(h, ['zk3']);
    await write({ op: 'create', path: '/m', data: 0 });
    await settle();
    ok(await watcher.request({ op: 'getData', path: '/m', watch: true }));
    ok(await watcher.request({ op: 'getChildren', path: '/m', watch: true }));
    ok(await watcher.request({ op: 'exists', path: '/m/b', watch: true }));
    const zxids: number[] = [];
    const owners: number[] = [];
    for (const server of ZK) {
      const s = await h.session([server]);
      const n = zxids.length;
      const multi = ok(await s.request({
        op: 'multi',
        ops: [{ op: 'create', path: `/m/a${n}`, data: n, ephemeral: true }, { op: 'setData', path: '/m', data: n + 1, version: n }, { op: 'check', path: '/m', version: n + 1 }],
      }));
      assert.equal(multi.result, { ok: true, results: [{ op: 'create', path: `/m/a${n}` }, { op: 'setData', stat: (multi.result.results?.[1] as { stat: unknown }).stat }, { op: 'check' }] }, server);
      zxids.push(multi.zxid);
      owners.push(s.sessionId);
      const failed = ok(await s.request({ op: 'multi', ops: [{ op: 'create', path: '/m/b', data: 0 }, { op: 'delete', path: '/m', version: -1 }] }));
      assert.equal(failed.result, { ok: false, code: 'NOTEMPTY', results: [{ op: 'error', code: 'OK' }, { op: 'error', code: 'NOTEMPTY' }] }, server);
    }
    await settle();
    // The first multi fired the child and data watches (one-shot), in op order; no failed multi fired /m/b's exists watch.
    assert.equal(events, ['NodeChildrenChanged /m', 'NodeDataChanged /m']);
    await write({ op: 'sync', path: '/m' });
    for (const id of ZK) {
      const tree = (h.sim.nodeState(id) as ZkServer).tree;
      const m = tree.get('/m')!.stat;
      assert.equal([m.version, m.mzxid, m.pzxid, m.numChildren], [3, zxids[2], zxids[2], 3], id);
      assert.equal([0, 1, 2].map((n) => tree.get(`/m/a${n}`)?.stat.czxid), zxids, id);
      assert.equal([0, 1, 2].map((n) => tree.get(`/m/a${n}`)?.stat.ephemeralOwner), owners, id); // the session, also through a follower
      assert.is(tree.get('/m/b'), undefined, id);
    }
  });
});

test.run();
