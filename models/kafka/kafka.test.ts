import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cut } from '../../harness/faults/partitions.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext, NodeId } from '../../harness/sim/types.js';
import { KafkaBroker, kafkaBroker } from './broker.js';
import { kafkaConfig, type KafkaConfig } from './config.js';
import { KafkaController, kafkaController } from './controller.js';
import type { ClientReply, ClientRequest } from './messages.js';

/** A client step: at `atMs`, send `body` to `to` ('leader': whoever the controller names at that moment). */
interface Step {
  atMs: number;
  to: NodeId | 'leader';
  body: ClientRequest;
}

function cluster(overrides: Partial<KafkaConfig> = {}) {
  const config = kafkaConfig(overrides);
  const results: unknown[] = [];
  let steps: Step[] = [];
  const ctl = () => sim.nodeState<KafkaController>('ctl') as KafkaController;
  const workload = async (ctx: ClientContext) => {
    for (const step of steps) {
      const wait = step.atMs - ctx.trueNow();
      if (wait > 0) await ctx.sleep(wait);
      const to = step.to === 'leader' ? ctl().leader ?? config.brokers[0] as NodeId : step.to;
      const r = await ctx.call<ClientReply>(to, step.body, { timeoutMs: 2000 });
      if (r.status === 'timeout') results.push('timeout');
      else if (r.body.type === 'produce-ok') results.push('ok');
      else if (r.body.type === 'produce-error') results.push(r.body.error);
      else if (r.body.type === 'committed') results.push(r.body.values);
      else results.push(r.body.leader);
    }
  };
  const sim = new Simulation({
    seed: 1,
    servers: [...config.brokers.map((id) => ({ id, factory: kafkaBroker(config) })), { id: 'ctl', factory: kafkaController(config) }],
    clients: [{ id: 'c', workload }],
    link: { latencyMs: 1, jitterMs: 0 },
  });
  return {
    sim,
    ctl,
    broker: (id: NodeId) => sim.nodeState<KafkaBroker>(id) as KafkaBroker,
    values: (id: NodeId) => (sim.nodeState<KafkaBroker>(id) as KafkaBroker).log.map((e) => e.value),
    async run(s: Step[], untilMs: number) {
      steps = s;
      await sim.run(untilMs);
      return results;
    },
    /** Cuts `a` off from `b` (both ways) from `fromMs` to `toMs`. */
    partition(a: NodeId[], b: NodeId[], fromMs: number, toMs: number) {
      sim.at(fromMs, 'partition', () => sim.faultTarget.setGrudge(cut(a, b)));
      sim.at(toMs, 'heal', () => sim.faultTarget.heal());
    },
    crash(id: NodeId, atMs: number, restartMs?: number) {
      sim.at(atMs, `crash ${id}`, () => sim.faultTarget.crash(id));
      if (restartMs !== undefined) sim.at(restartMs, `restart ${id}`, () => sim.faultTarget.restart(id));
    },
    cover: (goal: string) => sim.coverage.get(goal) ?? 0,
  };
}

const produce = (atMs: number, value: number, acks: 'all' | 1 = 'all', to: NodeId | 'leader' = 'leader'): Step => ({ atMs, to, body: { type: 'produce', value, acks } });
const read = (atMs: number, to: NodeId | 'leader' = 'leader'): Step => ({ atMs, to, body: { type: 'fetch-committed' } });

test('acks=all: the write is acknowledged once every ISR member has it; the HW reaches the followers', async () => {
  const c = cluster();
  const results = await c.run([produce(100, 1), produce(110, 2), produce(120, 3), read(400)], 500);
  assert.equal(results, ['ok', 'ok', 'ok', [1, 2, 3]]);
  for (const b of ['b1', 'b2', 'b3']) {
    assert.equal(c.values(b), [1, 2, 3], b);
    assert.is(c.broker(b).highWatermark, 3, b);
    assert.equal(c.broker(b).log.map((e) => e.epoch), [0, 0, 0]);
  }
  assert.is(c.broker('b1').role, 'leader');
  assert.is(c.broker('b2').role, 'follower');
});

test('acks=all waits for a slow ISR member: a follower cut off holds the HW until the ISR shrinks', async () => {
  const c = cluster({ minInsyncReplicas: 1 });
  c.partition(['b1'], ['b3'], 50, 2000);
  c.sim.at(300, 'before the shrink', () => assert.equal([c.values('b2'), c.broker('b1').highWatermark, c.ctl().isr.length], [[1], 0, 3]));
  const results = await c.run([produce(100, 1), read(150)], 1000);
  // Acknowledged only after b3 left the ISR (replicaLagTimeMaxMs 300 ms): the HW waited for it until then.
  assert.equal(results, ['ok', [1]]);
  assert.equal(c.ctl().isr, ['b1', 'b2']);
});

test('NOT_ENOUGH_REPLICAS when the ISR is below min.insync.replicas; acks=1 still succeeds', async () => {
  const c = cluster({ minInsyncReplicas: 2 });
  c.crash('b2', 50);
  c.crash('b3', 50);
  const results = await c.run([produce(600, 1), produce(610, 2, 1), read(700)], 800);
  assert.equal(c.ctl().isr, ['b1']);
  assert.equal(results, ['NOT_ENOUGH_REPLICAS', 'ok', [2]]);
  assert.equal(c.values('b1'), [2]);
  assert.ok(c.cover('kafka-not-enough-replicas') >= 1);
});

test('an acks=all write whose ISR shrinks below min.insync while it waits: NOT_ENOUGH_REPLICAS_AFTER_APPEND', async () => {
  const c = cluster({ minInsyncReplicas: 2 });
  c.partition(['b1'], ['b2', 'b3'], 50, 5000);
  const results = await c.run([produce(100, 1)], 1000);
  assert.equal(results, ['NOT_ENOUGH_REPLICAS_AFTER_APPEND']);
  assert.equal(c.ctl().isr, ['b1']);
});

test('ISR: a follower cut off from the leader is dropped, and added back once it has caught up', async () => {
  const c = cluster();
  c.partition(['b1'], ['b3'], 100, 800);
  const steps = [produce(150, 1), produce(160, 2)];
  c.sim.at(700, 'check shrink', () => {
    assert.equal(c.ctl().isr, ['b1', 'b2']);
    assert.equal(c.values('b3'), []);
  });
  const results = await c.run([...steps, produce(750, 3), produce(1200, 4)], 1500);
  assert.equal(results, ['ok', 'ok', 'ok', 'ok']);
  assert.equal(c.ctl().isr, ['b1', 'b2', 'b3']);
  assert.equal(c.values('b3'), [1, 2, 3, 4]);
  assert.is(c.cover('kafka-isr-shrink'), 1);
  assert.is(c.cover('kafka-isr-expand'), 1);
  assert.is(c.ctl().leaderEpoch, 0);
});

test('clean election: the leader crashes, the first live ISR member leads, every acks=all write survives', async () => {
  const c = cluster();
  c.crash('b1', 300, 1000);
  const results = await c.run([produce(100, 1), produce(110, 2), produce(250, 3), produce(700, 4), read(1400)], 1500);
  assert.equal(results, ['ok', 'ok', 'ok', 'ok', [1, 2, 3, 4]]);
  assert.is(c.ctl().leader, 'b2');
  assert.is(c.ctl().leaderEpoch, 1);
  assert.equal(c.values('b1'), c.values('b2'));
  assert.equal(c.values('b3'), c.values('b2'));
  assert.is(c.broker('b1').role, 'follower');
});

/** b2 and b3 are cut off from b1 (not from the controller): the ISR shrinks to b1, which acknowledges alone. Then b1 crashes. */
function lonelyLeader(unclean: boolean) {
  const c = cluster({ minInsyncReplicas: 1, uncleanLeaderElection: unclean });
  c.partition(['b1'], ['b2', 'b3'], 50, 700);
  c.crash('b1', 650);
  return c;
}

test('unclean election: with no live ISR member an out-of-sync replica leads, and acknowledged writes are lost', async () => {
  const c = lonelyLeader(true);
  c.sim.at(1100, 'restart b1', () => c.sim.faultTarget.restart('b1'));
  const results = await c.run([produce(10, 1), produce(500, 2), produce(510, 3), produce(1000, 4), read(1500)], 1600);
  assert.equal(results, ['ok', 'ok', 'ok', 'ok', [1, 4]]);
  assert.is(c.ctl().leader, 'b2');
  assert.is(c.cover('kafka-unclean-election'), 1);
  // b1 comes back as a follower and truncates its acknowledged 2 and 3 to match the new leader.
  assert.equal(c.values('b1'), [1, 4]);
  assert.ok(c.cover('kafka-truncate') >= 1);
});

test('without unclean election the partition stays offline until an ISR member returns, and keeps its writes', async () => {
  const c = lonelyLeader(false);
  c.sim.at(1400, 'restart b1', () => c.sim.faultTarget.restart('b1'));
  c.sim.at(1300, 'offline', () => assert.is(c.ctl().leader, null));
  const results = await c.run([produce(10, 1), produce(500, 2), produce(510, 3), produce(1000, 4, 'all', 'b2'), read(1800)], 1900);
  assert.equal(results, ['ok', 'ok', 'ok', 'NOT_LEADER', [1, 2, 3]]);
  assert.is(c.ctl().leader, 'b1');
  assert.is(c.cover('kafka-unclean-election'), 0);
});

test('KIP-279: a deposed leader with writes of its own epoch truncates to where its log parts from the new leader', async () => {
  const c = cluster({ minInsyncReplicas: 1 });
  c.partition(['b1'], ['b2', 'b3', 'ctl'], 200, 1000);
  const results = await c.run([produce(100, 1), produce(300, 2, 1, 'b1'), produce(310, 3, 1, 'b1'), produce(600, 4), produce(610, 5), read(1400)], 1500);
  assert.equal(results, ['ok', 'ok', 'ok', 'ok', 'ok', [1, 4, 5]]);
  assert.equal(c.broker('b1').log, c.broker('b2').log);
  assert.equal(c.broker('b1').log.map((e) => e.epoch), [0, 1, 1]);
  assert.ok(c.cover('kafka-truncate') >= 1);
});

/**
 * KIP-101 scenario 1: the follower b2 has m2 and the leader acknowledged it, but b2 learns the HW only at its
 * next fetch. b2 restarts, the leader b1 crashes, b2 becomes leader.
 */
async function kip101(truncateToHighWatermark: boolean) {
  // Without incarnation fencing, as in Kafka before 0.11 (KAFKA-1120): KIP-101 alone must keep the write.
  const c = cluster({ brokers: ['b1', 'b2'], minInsyncReplicas: 2, truncateToHighWatermark, fenceRestartedBrokers: false });
  c.crash('b2', 110, 120);
  c.crash('b1', 115, 600);
  const results = await c.run([produce(30, 1), produce(100, 2), read(1000)], 1100);
  return { c, results };
}

test('KIP-101: truncating to the high watermark loses an acknowledged write; leader epochs keep it', async () => {
  const buggy = await kip101(true);
  assert.equal(buggy.results, ['ok', 'ok', [1]]);
  assert.is(buggy.c.ctl().leader, 'b2');
  assert.ok(buggy.c.cover('kafka-truncate-to-hw') >= 1);
  const fixed = await kip101(false);
  assert.equal(fixed.results, ['ok', 'ok', [1, 2]]);
  assert.equal(fixed.c.values('b1'), [1, 2]);
});

test('KIP-631/KIP-903: a leader that restarts within the session timeout with an unflushed log is fenced, and no acks=all write is lost', async () => {
  // flush 'interval' with a long interval: nothing the leader appended reaches its disk before the crash.
  const c = cluster({ flush: 'interval', flushIntervalMs: 10_000 });
  c.crash('b1', 200, 240);
  const results = await c.run([produce(100, 1), produce(110, 2), produce(120, 3), produce(400, 4), read(600)], 700);
  assert.equal(results, ['ok', 'ok', 'ok', 'ok', [1, 2, 3, 4]]);
  // The new incarnation's registration fenced the old one: a new leader in a new epoch, b1 back as a follower.
  assert.is(c.ctl().leader, 'b2');
  assert.is(c.ctl().leaderEpoch, 1);
  assert.is(c.broker('b1').role, 'follower');
  assert.equal(c.values('b1'), [1, 2, 3, 4]);
  assert.equal(c.ctl().isr, ['b1', 'b2', 'b3']);
});

/**
 * KIP-966's "last replica standing": b2 and b3 are cut off from b1 and the controller, so they are fenced and the
 * ISR shrinks to b1; b1 crashes with its acknowledged write unflushed and restarts without it.
 */
async function lastReplicaStanding(eligibleLeaderReplicas: boolean) {
  const c = cluster({ flush: 'interval', flushIntervalMs: 10_000, eligibleLeaderReplicas });
  c.partition(['b2', 'b3'], ['b1', 'ctl'], 150, 1000);
  c.crash('b1', 500, 600);
  c.sim.at(450, 'alone in the ISR', () => assert.equal(c.ctl().isr, ['b1']));
  const results = await c.run([produce(100, 1), read(2500)], 2600);
  return { c, results };
}

test('before KIP-966 the last ISR member is elected again after an unclean shutdown, and the others truncate to it', async () => {
  const { c, results } = await lastReplicaStanding(false);
  assert.equal(results, ['ok', []]);
  assert.is(c.ctl().leader, 'b1');
  assert.equal([c.values('b2'), c.values('b3')], [[], []]);
  assert.is(c.cover('kafka-isr-shrunk-to-one'), 1);
});

test('KIP-966: the fenced followers are eligible leader replicas; one is elected instead, and the write survives', async () => {
  const { c, results } = await lastReplicaStanding(true);
  c.sim.at(900, 'offline, waiting for an ELR member', () => assert.equal([c.ctl().leader, c.ctl().partition.elr], [null, ['b3']]));
  assert.equal(results, ['ok', [1]]);
  assert.is(c.ctl().leader, 'b3');
  assert.is(c.cover('kafka-unclean-shutdown'), 1);
  assert.is(c.cover('kafka-elr-election'), 1);
  assert.equal(c.values('b1'), [1]);
  assert.equal(c.ctl().isr, ['b1', 'b2', 'b3']);
});

test('KIP-966: the high watermark stays put while the ISR is below min.insync.replicas', async () => {
  const c = cluster({ eligibleLeaderReplicas: true, minInsyncReplicas: 2 });
  c.partition(['b1'], ['b2', 'b3'], 50, 5000);
  const results = await c.run([produce(100, 1), read(1200)], 1300);
  // Without KIP-966 the HW passes the entry once the ISR is b1 alone (NOT_ENOUGH_REPLICAS_AFTER_APPEND, then visible).
  assert.equal(results, ['TIMEOUT', []]);
  assert.equal([c.ctl().isr, c.broker('b1').highWatermark], [['b1'], 0]);
});

test('the controller comes back from its storage', async () => {
  const c = cluster();
  c.crash('b1', 100);
  c.crash('ctl', 400, 450);
  const results = await c.run([produce(50, 1), produce(600, 2), read(700)], 800);
  assert.equal(results, ['ok', 'ok', [1, 2]]);
  assert.is(c.ctl().leader, 'b2');
  assert.is(c.ctl().leaderEpoch, 1);
});

test.run();
