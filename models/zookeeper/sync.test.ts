import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { Simulation } from '../../harness/sim/simulation.js';
import { ZkAudit } from './audit.js';
import { zkConfig } from './config.js';
import type { ClientReply, Txn } from './messages.js';
import { ZkServer, zkServer } from './server.js';
import { planSync } from './sync.js';
import { makeZxid } from './zxid.js';
import { betterVote } from './election.js';

const txn = (epoch: number, counter: number): Txn => ({ zxid: makeZxid(epoch, counter), op: { type: 'sync' }, origin: null });
// The leader's history: 1:1 1:2 then the new epoch's 2:1 2:2.
const leaderLog = [txn(1, 1), txn(1, 2), txn(2, 1), txn(2, 2)];
const zxids = (txns: Txn[]) => txns.map((t) => t.zxid);

test('DIFF when the learner is a prefix of the leader; empty DIFF when equal', () => {
  const plan = planSync(leaderLog, makeZxid(1, 2), zkConfig());
  assert.equal([plan.mode, plan.truncZxid, zxids(plan.txns)], ['DIFF', null, [makeZxid(2, 1), makeZxid(2, 2)]]);
  assert.equal(planSync(leaderLog, makeZxid(2, 2), zkConfig()), { mode: 'DIFF', truncZxid: null, txns: [] });
});

test('TRUNC when the learner is ahead of the leader', () => {
  assert.equal(planSync(leaderLog.slice(0, 2), makeZxid(1, 3), zkConfig()), { mode: 'TRUNC', truncZxid: makeZxid(1, 2), txns: [] });
});

test('a stray txn of an old epoch: TRUNC then DIFF, or (ZOOKEEPER-1154 pre-fix) a bare DIFF', () => {
  const stray = makeZxid(1, 3); // proposed by the old leader, never committed, not in the new leader's log
  const fixed = planSync(leaderLog, stray, zkConfig());
  assert.equal([fixed.mode, fixed.truncZxid, zxids(fixed.txns)], ['TRUNC', makeZxid(1, 2), [makeZxid(2, 1), makeZxid(2, 2)]]);
  const buggy = planSync(leaderLog, stray, zkConfig({ syncDiffInsteadOfTrunc: true }));
  assert.equal([buggy.mode, buggy.truncZxid, zxids(buggy.txns)], ['DIFF', null, [makeZxid(2, 1), makeZxid(2, 2)]]);
});

test('SNAP for an empty learner or one too far behind', () => {
  assert.is(planSync(leaderLog, 0, zkConfig()).mode, 'SNAP');
  assert.is(planSync(leaderLog, makeZxid(1, 1), zkConfig({ snapThresholdTxns: 2 })).mode, 'SNAP');
});

test('votes compare peer epoch, then zxid, then server id', () => {
  assert.ok(betterVote({ leader: 1, zxid: 0, peerEpoch: 2 }, { leader: 3, zxid: makeZxid(1, 9), peerEpoch: 1 }));
  assert.ok(betterVote({ leader: 1, zxid: 5, peerEpoch: 1 }, { leader: 3, zxid: 4, peerEpoch: 1 }));
  assert.ok(betterVote({ leader: 3, zxid: 5, peerEpoch: 1 }, { leader: 2, zxid: 5, peerEpoch: 1 }));
  assert.not.ok(betterVote({ leader: 2, zxid: 5, peerEpoch: 1 }, { leader: 2, zxid: 5, peerEpoch: 1 }));
});


// ---- Client `sync` while a proposal's ACKs were lost (the registry-center liveness report, elastic-job seed 331) ----

const ZK = ['zk1', 'zk2', 'zk3'];

interface SyncRun {
  sim: Simulation;
  leader: NodeId;
  followers: NodeId[];
  /** Answered syncs: the server asked and when (true ms). */
  answered: { server: NodeId; atMs: number }[];
}

/**
 * A 3-server ensemble; at 300 ms `fault` runs with the leader and its followers, and a client writes once
 * at the leader (that proposal is the only one: no later write's ACK can cover it). From 300 ms clients
 * sync every 20 ms at the leader and at each follower.
 */
async function runSyncs(fault: (r: SyncRun) => void, untilMs = 1500): Promise<SyncRun> {
  const run: SyncRun = { sim: null as unknown as Simulation, leader: '', followers: [], answered: [] };
  const call = (ctx: ClientContext, to: NodeId, request: unknown, timeoutMs: number) =>
    ctx.call<ClientReply>(to, { type: 'zk-request', request }, { timeoutMs });
  const writer = async (ctx: ClientContext) => {
    await ctx.sleep(301 - ctx.trueNow());
    await call(ctx, run.leader, { op: 'create', path: '/x', data: 'x' }, 20);
  };
  const syncer = (target: (r: SyncRun) => NodeId) => async (ctx: ClientContext) => {
    await ctx.sleep(300 - ctx.trueNow());
    while (ctx.trueNow() < untilMs - 100) {
      const server = target(run);
      const r = await call(ctx, server, { op: 'sync', path: '/' }, 50);
      if (r.status === 'ok' && r.body.type === 'zk-reply') run.answered.push({ server, atMs: ctx.trueNow() });
      await ctx.sleep(20);
    }
  };
  const sim = new Simulation({
    seed: 1,
    servers: ZK.map((id) => ({ id, factory: zkServer(zkConfig(), ZK, new ZkAudit()) })),
    clients: [
      { id: 'w', workload: writer, startMs: 1 },
      { id: 's0', workload: syncer((r) => r.leader), startMs: 1 },
      { id: 's1', workload: syncer((r) => r.followers[0]!), startMs: 1 },
      { id: 's2', workload: syncer((r) => r.followers[1]!), startMs: 1 },
    ],
    link: { latencyMs: 1, jitterMs: 0.5 },
  });
  run.sim = sim;
  sim.at(300, 'fault', () => {
    const leader = ZK.find((id) => (sim.nodeState(id) as ZkServer).leader?.phase === 'established');
    assert.ok(leader !== undefined, 'a leader is established by 300 ms');
    run.leader = leader;
    run.followers = ZK.filter((id) => id !== leader);
    fault(run);
  });
  await sim.run(untilMs);
  return run;
}

const servers = (r: SyncRun) => ZK.map((id) => r.sim.nodeState(id) as ZkServer);
const committedX = (s: ZkServer) => s.log().slice(0, s.commitIndex).some((t) => t.op.type === 'create' && t.op.path === '/x');

test('sync: a learner synced while the leader has a proposal outstanding ACKs it, and the same leader commits it and answers syncs', async () => {
  // The leader cannot hear follower A (its ACK is lost, it does not notice); follower B restarts and
  // rejoins while the proposal is outstanding: its DIFF carries it, and only B's ACK can make a quorum.
  const r = await runSyncs((run) => {
    const [a, b] = run.followers as [NodeId, NodeId];
    run.sim.faultTarget.crash(b);
    run.sim.faultTarget.setGrudge({ [run.leader]: [a] });
    run.sim.at(303, 'restart B', () => run.sim.faultTarget.restart(b));
    run.sim.at(340, 'heal', () => run.sim.faultTarget.heal());
  });
  const leader = r.sim.nodeState(r.leader) as ZkServer;
  assert.ok(leader.leader?.phase === 'established' && leader.currentEpoch === 1, `${r.leader} still leads epoch 1 (epoch ${leader.currentEpoch})`);
  assert.ok(servers(r).every(committedX), 'the write is committed everywhere');
  for (const server of ZK) {
    const last = r.answered.filter((a) => a.server === server).at(-1);
    assert.ok(last !== undefined && last.atMs > 1300, `syncs at ${server} are answered to the end (last at ${last?.atMs} ms)`);
  }
});

test('sync: a proposal whose ACKs were all lost (no later write to cover them) is not left outstanding: syncs complete after the heal', async () => {
  // Neither follower's ACK reaches the leader, and neither notices (they hear the leader fine); the cut
  // is shorter than syncLimit, so no quorum check trips. Without SyncLimitCheck the proposal stays
  // outstanding for ever and every sync waits for it.
  const r = await runSyncs((run) => {
    run.sim.faultTarget.setGrudge({ [run.leader]: run.followers });
    run.sim.at(330, 'heal', () => run.sim.faultTarget.heal());
  });
  assert.ok(servers(r).every(committedX), 'the write is committed everywhere');
  for (const server of ZK) {
    const last = r.answered.filter((a) => a.server === server).at(-1);
    assert.ok(last !== undefined && last.atMs > 1300, `syncs at ${server} are answered to the end (last at ${last?.atMs} ms)`);
  }
});

test.run();
