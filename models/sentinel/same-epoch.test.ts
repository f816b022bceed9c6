/**
 * Two masters named under one config epoch, as sentinel.c allows: a Sentinel still failing over r1
 * hears that a newer epoch promoted r1 itself. sentinelProcessHelloMessage compares the announced
 * master with master->addr, which during a failover is still the old master, so it takes the newer
 * config epoch and does not switch; when its own failover ends, sentinelFailoverSwitchToPromotedSlave
 * moves to its promoted replica and keeps that epoch. Hellos then never settle it: only a strictly
 * greater config epoch wins. Every epoch still has one leader and one promotion.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NodeId } from '../../harness/sim/types.js';
import { crash, eventsOf, fakeOf, fakeRedis, restart, run, SENTINELS, sentinelOf, when } from './fake-redis.test-util.js';

/** r2 is promoted first (lowest priority); r3 (priority 0) never is, so the second failover can only pick r1. */
const r2First = fakeRedis((id) => (id === 'r2' ? 10 : id === 'r1' ? 50 : 0));

test('a Sentinel failing over r1 takes the config epoch of a later failover that promoted r1, then switches to its own replica under it', async () => {
  let leader: NodeId | null = null;
  const views: { atMs: number; names: Record<NodeId, string> }[] = [];
  const look = (sim: Parameters<typeof crash>[0]) => ({
    atMs: sim.nowUs / 1000,
    names: Object.fromEntries(SENTINELS.map((id) => [id, `${sentinelOf(sim, id).snapshot().master}@${sentinelOf(sim, id).configEpoch}`])),
  });
  const sim = await run({
    untilMs: 30_000,
    redis: r2First,
    setup: (s) => {
      // r3 cannot sync from r2, so the first leader stays in reconf-replicas until failover-timeout.
      s.at(0, 'cut r2-r3', () => s.faultTarget.setGrudge({ r2: ['r3'], r3: ['r2'] }));
      crash(s, 'r1', 5000);
      // Once the other two follow r2 (config epoch 1), r2 stops and r1 comes back, still a master.
      const othersOnR2 = () => leader !== null && SENTINELS.filter((id) => id !== leader).every((id) => sentinelOf(s, id).master === 'r2');
      when(s, 5000, () => (leader ??= eventsOf(s, 'promoted')[0]?.node ?? null) !== null && othersOnR2(), () => {
        s.faultTarget.pause('r2');
        restart(s, 'r1', s.nowUs / 1000 + 1);
      });
      // r2 resumes once epoch 2 has promoted r1; the first leader's failover then ends.
      when(s, 5000, () => eventsOf(s, 'promoted').some((e) => e.configEpoch === 2), () => s.faultTarget.resume('r2'));
      when(s, 5000, () => eventsOf(s, 'failover-end').some((e) => e.node === leader && e.epoch === 1), () => {
        views.push(look(s));
        s.at(s.nowUs / 1000 + 5000, 'look after 2 hello periods', () => views.push(look(s)));
      });
    },
  });
  const first = eventsOf(sim, 'promoted')[0]?.node as NodeId; // the first leader, as the setup found it
  const promotions = eventsOf(sim, 'promoted').map((e) => [e.node, e.replica, e.configEpoch]);
  const second = promotions[1]?.[0] as NodeId;
  assert.equal(promotions, [[first, 'r2', 1], [second, 'r1', 2]]);
  assert.is.not(second, first);
  // One leader per epoch; the first leader never voted in epoch 2 (it was asked about r2, a master it does not monitor).
  assert.equal(eventsOf(sim, 'leader').map((e) => [e.node, e.epoch]), [[first, 1], [second, 2]]);
  assert.ok(!eventsOf(sim, 'vote').some((e) => e.node === first && e.epoch === 2));
  // It took epoch 2 from the hello without switching, then switched to r2 at the end of its own failover.
  const leaderSwitches = eventsOf(sim, 'switch-master').filter((e) => e.node === first).map((e) => [e.from, e.to, e.configEpoch, e.via ?? null]);
  assert.equal(leaderSwitches, [['r1', 'r2', 2, null]]);
  // Right then and two hello periods later: r2 and r1 named under the same config epoch.
  const others = SENTINELS.filter((id) => id !== first);
  assert.is(views.length, 2);
  for (const v of views) {
    assert.is(v.names[first], 'r2@2', JSON.stringify(v));
    for (const id of others) assert.is(v.names[id], 'r1@2', JSON.stringify(v));
  }
  // At the end the others have made r2 a replica of r1, and the first leader still names r2: its
  // master is not down to the others (they do not monitor r2), so no greater epoch comes to settle it.
  assert.equal([fakeOf(sim, 'r2').role, fakeOf(sim, 'r2').masterId], ['replica', 'r1']);
  assert.is(look(sim).names[first], 'r2@2');
  assert.ok(eventsOf(sim, 'try-failover').every((e) => (e.epoch as number) <= 2));
});

test.run();
