/**
 * sentinel.conf flush points, read from sentinel.c (every sentinelFlushConfig call a model of one master
 * without discovery or admin commands has): each test crashes a Sentinel just after a flush point and
 * checks what it reads back on restart. Crashing right after +promoted-slave is what sentinel.c's
 * SENTINEL_SIMFAILURE_CRASH_AFTER_PROMOTION hook exercises.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { assertAgree, confView, type ConfView, crash, eventsOf, fakeOf, fakeRedis, restart, run, SENTINELS, sentinelOf, when } from './fake-redis.test-util.js';
import type { MasterDownReply } from './messages.js';

/** r2 is the replica every failover picks (lowest priority); r3, priority 0, is never promoted. */
const r2Preferred = fakeRedis((id) => (id === 'r2' ? 10 : id === 'r1' ? 50 : 0));
/** No replication between r2 and r3: once r2 is promoted, r3 never syncs, so the failover stays in reconf-replicas for failover-timeout. */
const r2r3Cut = (sim: Simulation) => sim.at(0, 'cut r2-r3', () => sim.faultTarget.setGrudge({ r2: ['r3'], r3: ['r2'] }));

const nowMs = (sim: Simulation) => sim.nowUs / 1000;
const promotedBy = (sim: Simulation): NodeId | null => eventsOf(sim, 'promoted')[0]?.node ?? null;

/** Crashes `id` now and restarts it `downMs` later; `onRestart` sees the fresh instance as it booted. */
function crashAndRestart(sim: Simulation, id: NodeId, downMs: number, onRestart: () => void): void {
  sim.faultTarget.crash(id);
  sim.at(nowMs(sim) + downMs, `restart ${id}`, () => {
    sim.faultTarget.restart(id);
    onRestart();
  });
}

/** A client that, once `target()` names a Sentinel, asks it for a vote in `epoch` (is-master-down-by-addr) and keeps the reply. */
function voteRequest(target: () => NodeId | null, master: NodeId, epoch: number, runid: NodeId, replies: MasterDownReply[]) {
  return {
    id: 'c1',
    workload: async (ctx: ClientContext) => {
      while (target() === null) await ctx.sleep(1);
      const r = await ctx.call<MasterDownReply>(target() as NodeId, { type: 'is-master-down', master, epoch, runid }, { timeoutMs: 100 });
      if (r.status === 'ok') replies.push(r.body);
    },
  };
}

test('+promoted-slave: a leader that crashes right after the promotion restarts naming the promoted replica, and the failover stands', async () => {
  let leader: NodeId | null = null;
  let restored: ConfView | null = null;
  const sim = await run({
    untilMs: 45_000,
    redis: r2Preferred,
    setup: (s) => {
      crash(s, 'r1', 5000);
      when(s, 5000, () => promotedBy(s) !== null, () => {
        leader = promotedBy(s) as NodeId;
        crashAndRestart(s, leader, 1000, () => (restored = confView(sentinelOf(s, leader as NodeId))));
      });
      restart(s, 'r1', 20_000);
    },
  });
  assert.ok(leader !== null, 'a promotion happened');
  // sentinel.conf: the promoted replica with the failover's epoch; the old master is a known replica.
  assert.equal(restored, { master: 'r2', currentEpoch: 1, configEpoch: 1, leaderEpoch: 1, replicas: ['r1', 'r3'], sentinels: SENTINELS.filter((id) => id !== leader) });
  assert.is(assertAgree(sim, 'r2'), 1);
  assert.is(fakeOf(sim, 'r2').role, 'master');
  assert.is(fakeOf(sim, 'r1').masterId, 'r2');
  assert.is(fakeOf(sim, 'r3').masterId, 'r2');
  assert.equal(eventsOf(sim, 'convert-to-slave').map((e) => e.instance), ['r1'], 'only the old master is demoted');
});

test('vote: a vote given during reconf-replicas is flushed with the new epoch and the promoted replica', async () => {
  let leader: NodeId | null = null;
  let stateAtCrash: string | null = null;
  let restored: ConfView | null = null;
  const replies: MasterDownReply[] = [];
  await run({
    untilMs: 20_000,
    redis: r2Preferred,
    clients: [voteRequest(() => leader, 'r1', 9, 's-other', replies)],
    setup: (s) => {
      r2r3Cut(s);
      crash(s, 'r1', 5000);
      when(s, 5000, () => promotedBy(s) !== null, () => (leader = promotedBy(s)));
      when(s, 5000, () => replies.length > 0, () => {
        stateAtCrash = sentinelOf(s, leader as NodeId).failover?.state ?? null;
        crashAndRestart(s, leader as NodeId, 500, () => (restored = confView(sentinelOf(s, leader as NodeId))));
      });
    },
  });
  assert.equal(replies.map((r) => [r.leader, r.leaderEpoch]), [['s-other', 9]], 'the leader voted in epoch 9');
  assert.is(stateAtCrash, 'reconf-replicas');
  assert.equal(restored, { master: 'r2', currentEpoch: 9, configEpoch: 1, leaderEpoch: 9, replicas: ['r1', 'r3'], sentinels: SENTINELS.filter((id) => id !== leader) });
});

test('hello: a newer current epoch heard during reconf-replicas is flushed with the promoted replica', async () => {
  let leader: NodeId | null = null;
  let stateAtCrash: string | null = null;
  let restored: ConfView | null = null;
  const replies: MasterDownReply[] = [];
  // Another Sentinel votes in epoch 9 (it follows r2 already, from the leader's hello); its next hello carries epoch 9.
  const other = () => (leader === null ? null : (SENTINELS.find((id) => id !== leader) as NodeId));
  const sim = await run({
    untilMs: 20_000,
    redis: r2Preferred,
    clients: [voteRequest(other, 'r2', 9, 's-other', replies)],
    setup: (s) => {
      r2r3Cut(s);
      crash(s, 'r1', 5000);
      when(s, 5000, () => promotedBy(s) !== null, () => (leader = promotedBy(s)));
      when(s, 5000, () => leader !== null && sentinelOf(s, leader).currentEpoch === 9, () => {
        stateAtCrash = sentinelOf(s, leader as NodeId).failover?.state ?? null;
        crashAndRestart(s, leader as NodeId, 500, () => (restored = confView(sentinelOf(s, leader as NodeId))));
      });
    },
  });
  assert.equal(replies.map((r) => [r.leader, r.leaderEpoch]), [['s-other', 9]], 'the other Sentinel voted in epoch 9');
  assert.ok(eventsOf(sim, 'new-epoch').some((e) => e.node === leader && e.epoch === 9), 'the leader heard epoch 9');
  assert.is(stateAtCrash, 'reconf-replicas');
  assert.equal(restored, { master: 'r2', currentEpoch: 9, configEpoch: 1, leaderEpoch: 1, replicas: ['r1', 'r3'], sentinels: SENTINELS.filter((id) => id !== leader) });
});

test('switch-master: the leader at the failover end and the others on hello flush the new master', async () => {
  const restored = new Map<NodeId, ConfView>();
  const sim = await run({
    untilMs: 27_000,
    redis: r2Preferred,
    setup: (s) => {
      crash(s, 'r1', 5000);
      s.at(25_000, 'crash the Sentinels', () => {
        for (const id of SENTINELS) crashAndRestart(s, id, 1000, () => restored.set(id, confView(sentinelOf(s, id))));
      });
    },
  });
  assert.is(eventsOf(sim, 'failover-end').length, 1);
  assert.is(eventsOf(sim, 'switch-master').length, 3, 'the leader at the end, two others on hello');
  for (const id of SENTINELS) {
    assert.equal(restored.get(id), { master: 'r2', currentEpoch: 1, configEpoch: 1, leaderEpoch: 1, replicas: ['r1', 'r3'], sentinels: SENTINELS.filter((s) => s !== id) }, id);
  }
});

test('hello: a newer config epoch for the master already monitored is not flushed (sentinel.c flushes only on a switch)', async () => {
  // s3 sleeps through two failovers, r1 -> r2 (epoch 1) and r2 -> r1 (epoch 2), and wakes up monitoring r1 with config epoch 0.
  const others = ['r1', 'r2', 'r3', 's1', 's2'];
  const seen: { beforeCrash?: ConfView; restored?: ConfView } = {};
  const sim = await run({
    untilMs: 64_000,
    redis: r2Preferred,
    setup: (s) => {
      s.at(1000, 'isolate s3', () => s.faultTarget.setGrudge({ s3: others, ...Object.fromEntries(others.map((id) => [id, ['s3']])) }));
      crash(s, 'r1', 5000);
      restart(s, 'r1', 15_000);
      crash(s, 'r2', 35_000);
      s.at(55_000, 'heal', () => s.faultTarget.heal());
      s.at(60_000, 'crash s3', () => {
        seen.beforeCrash = confView(sentinelOf(s, 's3'));
        crashAndRestart(s, 's3', 1000, () => (seen.restored = confView(sentinelOf(s, 's3'))));
      });
    },
  });
  assert.equal(eventsOf(sim, 'promoted').map((e) => [e.replica, e.configEpoch]), [['r2', 1], ['r1', 2]]);
  assert.equal(eventsOf(sim, 'switch-master').filter((e) => e.node === 's3'), [], 's3 never switched: r1 is where it left it');
  assert.is(seen.beforeCrash?.configEpoch, 2, 's3 learned config epoch 2 from hello');
  assert.equal(seen.restored, { master: 'r1', currentEpoch: 2, configEpoch: 0, leaderEpoch: 0, replicas: ['r2', 'r3'], sentinels: ['s1', 's2'] });
});

test.run();
