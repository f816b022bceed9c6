import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { askMasters, assertAgree, crash, eventsOf, FakeRedis, fakeOf, REDIS, restart, run, sentinelOf, when } from './fake-redis.test-util.js';
import { rankReplicas } from './failover.js';
import type { MasterDownReply } from './messages.js';

test('replica ranking: lower priority, then larger offset, then smaller id', () => {
  const ranked = rankReplicas([
    { id: 'r4', priority: 100, offset: 50 },
    { id: 'r3', priority: 100, offset: 70 },
    { id: 'r2', priority: 100, offset: 70 },
    { id: 'r1', priority: 10, offset: 0 },
  ]);
  assert.equal(ranked.map((r) => r.id), ['r1', 'r2', 'r3', 'r4']);
});

test('replica selection: an instance known as a replica that says master is ranked by its last replica INFO (a fresh one: priority 100, offset 0)', async () => {
  // r2 says master from the start (with priority 10 and the larger offset, were they read from a master's INFO); r3 follows r1.
  const r2AlsoMaster = (id: NodeId) => new FakeRedis(id === 'r3' ? 'r1' : null, id === 'r2' ? 10 : 100);
  const offsets: number[] = [];
  const sim = await run({
    untilMs: 8000, redis: r2AlsoMaster,
    setup: (s) => {
      crash(s, 'r1', 1000);
      when(s, 1000, () => eventsOf(s, 'select').length > 0, () => offsets.push(fakeOf(s, 'r2').offset, fakeOf(s, 'r3').offset));
    },
  });
  const selected = eventsOf(sim, 'select');
  assert.is(selected.length, 1);
  assert.ok(offsets[0]! > offsets[1]! && offsets[1]! > 0, `offsets r2 ${offsets[0]}, r3 ${offsets[1]}`);
  assert.is(selected[0]?.replica, 'r3');
});

test('votes: first come first served per epoch, a newer epoch votes again; the vote epoch survives a restart', async () => {
  const votes: (MasterDownReply | null)[] = [];
  const ask = (epoch: number, runid: string) => ({ type: 'is-master-down', master: 'r1', epoch, runid });
  const workload = async (ctx: ClientContext) => {
    await ctx.sleep(500);
    for (const [epoch, runid] of [[5, 's2'], [5, 's3'], [4, 's3'], [6, 's3'], [6, 's2']] as const) {
      if (runid === 's2' && epoch === 6) await ctx.sleep(1000); // s1 restarted meanwhile
      const r = await ctx.call<MasterDownReply>('s1', ask(epoch, runid), { timeoutMs: 100 });
      votes.push(r.status === 'ok' ? r.body : null);
    }
  };
  const sim = await run({ untilMs: 2000, clients: [{ id: 'c1', workload }], setup: (s) => restart(s, 's1', 1000) });
  // After the restart s1 remembers it voted in epoch 6 (not for whom, as sentinel.conf): no second vote.
  assert.equal(votes.map((v) => v && [v.down, v.leader, v.leaderEpoch]), [[false, 's2', 5], [false, 's2', 5], [false, 's2', 5], [false, 's3', 6], [false, null, 6]]);
  assert.is(sentinelOf(sim, 's1').currentEpoch, 6);
});

test('fake Redis: the master crashes, a replica is promoted, the other follows it, every Sentinel agrees', async () => {
  const answers = new Map<NodeId, NodeId | null>();
  const sim = await run({ untilMs: 30_000, setup: (s) => crash(s, 'r1', 5000), clients: [askMasters(29_000, answers)] });
  const masters = ['r2', 'r3'].filter((id) => fakeOf(sim, id).role === 'master');
  assert.is(masters.length, 1, `masters among the replicas: ${masters.join(',')}`);
  const promoted = masters[0] as NodeId;
  const other = promoted === 'r2' ? 'r3' : 'r2';
  assert.is(fakeOf(sim, other).masterId, promoted);
  assert.ok(assertAgree(sim, promoted) >= 1);
  assert.equal([...answers.values()], [promoted, promoted, promoted]);
  assert.is(eventsOf(sim, 'leader').length, 1);
  for (const goal of ['sentinel-sdown', 'sentinel-odown', 'sentinel-leader', 'sentinel-failover-end']) assert.ok(sim.coverage.get(goal), goal);
});

test('fake Redis: a Sentinel that missed the failover adopts the newer config epoch; its stale hello changes nothing', async () => {
  const sim = await run({
    untilMs: 30_000,
    setup: (s) => {
      s.at(4000, 'isolate s3', () => s.faultTarget.setGrudge({ s3: [...REDIS, 's1', 's2'], ...Object.fromEntries([...REDIS, 's1', 's2'].map((id) => [id, ['s3']])) }));
      crash(s, 'r1', 5000);
      // First only one way: the others hear s3's stale hellos (config epoch 0, master r1) for 5 s.
      s.at(20_000, 's3 deaf', () => s.faultTarget.setGrudge({ s3: [...REDIS, 's1', 's2'] }));
      s.at(25_000, 'heal', () => s.faultTarget.heal());
    },
  });
  const promoted = sentinelOf(sim, 's1').master;
  assert.ok(promoted !== 'r1');
  assert.is(assertAgree(sim, promoted), 1);
  const switches = eventsOf(sim, 'switch-master');
  assert.ok(switches.every((e) => e.to === promoted), 'nobody switched back');
  const s3 = switches.filter((e) => e.node === 's3');
  assert.is(s3.length, 1);
  assert.ok((s3[0]?.timeUs ?? 0) >= 25_000_000, 's3 switched after the heal');
});

test('fake Redis: one Sentinel cut off from the master is not a quorum; with quorum 1 it fails over a healthy master', async () => {
  const cutOff = (sim: Simulation) => sim.at(2000, 'cut s1 from r1', () => sim.faultTarget.setGrudge({ s1: ['r1'], r1: ['s1'] }));
  const sim = await run({ untilMs: 30_000, setup: cutOff });
  assert.ok(eventsOf(sim, 'sdown').some((e) => e.node === 's1' && e.instance === 'r1'), 's1 sees r1 down');
  assert.equal(eventsOf(sim, 'odown'), []);
  assert.equal(eventsOf(sim, 'try-failover'), []);
  assert.is(fakeOf(sim, 'r1').role, 'master');
  assertAgree(sim, 'r1');
  // The same cut with quorum 1: s1 alone reaches ODOWN, and the others vote for it although they see r1 up.
  const unsafe = await run({ untilMs: 30_000, quorum: 1, setup: cutOff });
  assert.ok(eventsOf(unsafe, 'leader').some((e) => e.node === 's1'), 's1 elected');
  assert.is.not(sentinelOf(unsafe, 's2').master, 'r1');
});

test('fake Redis: a Sentinel alone in a partition reaches ODOWN with quorum 1 but is never elected without a majority', async () => {
  const isolate = (sim: Simulation) => sim.at(2000, 'isolate s1', () => sim.faultTarget.setGrudge({ s1: ['r1', 's2', 's3'], r1: ['s1'], s2: ['s1'], s3: ['s1'] }));
  const sim = await run({ untilMs: 30_000, quorum: 1, setup: isolate });
  assert.ok(eventsOf(sim, 'try-failover').some((e) => e.node === 's1'), 's1 tried');
  assert.equal(eventsOf(sim, 'leader'), []);
  assert.ok(eventsOf(sim, 'abort').some((e) => e.node === 's1' && e.reason === 'not-elected'));
  assert.is(fakeOf(sim, 'r1').role, 'master');
  assertAgree(sim, 'r1');
});

test('fake Redis: the old master comes back as a master and is demoted to a replica of the new one', async () => {
  const sim = await run({ untilMs: 45_000, setup: (s) => { crash(s, 'r1', 5000); restart(s, 'r1', 20_000); } });
  const promoted = sentinelOf(sim, 's1').master;
  assert.ok(promoted !== 'r1');
  assertAgree(sim, promoted);
  const r1 = fakeOf(sim, 'r1');
  assert.is(r1.role, 'replica');
  assert.is(r1.masterId, promoted);
  assert.ok(eventsOf(sim, 'convert-to-slave').some((e) => e.instance === 'r1'));
  assert.ok(sim.coverage.get('sentinel-reconfigured-old-master'));
});

test('fake Redis: Sentinels racing for the same epoch elect at most one leader per epoch, and the failover completes', async () => {
  let raced = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const sim = await run({ seed, latencyMs: 40, untilMs: 40_000, setup: (s) => crash(s, 'r1', 5000) });
    const leaders = new Map<number, NodeId[]>();
    for (const e of eventsOf(sim, 'leader')) leaders.set(e.epoch as number, [...(leaders.get(e.epoch as number) ?? []), e.node]);
    for (const [epoch, ids] of leaders) assert.is(ids.length, 1, `seed ${seed}: epoch ${epoch} has leaders ${ids.join(',')}`);
    const candidates = new Map<number, Set<NodeId>>();
    for (const e of eventsOf(sim, 'try-failover')) candidates.set(e.epoch as number, (candidates.get(e.epoch as number) ?? new Set()).add(e.node));
    if ([...candidates.values()].some((c) => c.size > 1)) raced++;
    assertAgree(sim, sentinelOf(sim, 's1').master);
    assert.is.not(sentinelOf(sim, 's1').master, 'r1', `seed ${seed}: no failover`);
  }
  assert.ok(raced > 0, 'no seed had two Sentinels competing in one epoch');
});

test.run();
