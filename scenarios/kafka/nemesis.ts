/**
 * Targeted nemeses for the documented-unsafe Kafka configurations, each drawn so a failure shrinks
 * (fast-check shrinks integers towards their minimum: earlier starts, shorter holds, smaller gaps).
 * Times assume the scaled timeouts of shared.ts: lag 1 s, session 1.5 s, fetch 50 ms.
 *
 * - isolatedLeader: the leader and one producer cut off from everyone else (controller included). The
 *   controller fences the leader after the session timeout and elects a follower; the old leader keeps
 *   answering its producer (acks=1 at once; acks=all only if it could shrink the ISR, which it cannot
 *   without the controller) and truncates when it comes back.
 * - crashLeader: the leader crashes; long enough down and a follower takes over, missing whatever the
 *   leader acknowledged before followers fetched it (acks=1).
 * - leaderAlone: the followers are cut off from the leader and the controller long enough to be fenced
 *   and dropped from the ISR, so the leader alone acknowledges acks=all writes (min ISR 1); then the
 *   leader crashes and only an out-of-sync replica is left (unclean election).
 * - kip101: a follower restarts (pre-KIP-101 it truncates to its high watermark, which lags the
 *   leader's by a fetch) and the leader crashes before the follower has fetched again, so the follower
 *   becomes leader without records the old leader had acknowledged (KIP-101 scenario 1); with both
 *   coming back in quick succession the logs can also diverge (scenario 2).
 * - quickCrashes: crashes and restarts of brokers in quick succession, drawn by the generic arbitrary.
 * - lastReplicaStanding (KIP-966), at Kafka's default timing ratios: the followers are cut off one after the
 *   other, the controller fences them and the ISR shrinks to the leader, which then crashes, possibly before
 *   its page cache reached the disk.
 */
import fc from 'fast-check';
import { scheduleArbitrary, customPartition, cut, type Fault, type NodeId, type Schedule, type Topology } from '../../harness/index.js';

export type Window = { startUs: number; endUs: number };
export type NemesisArbitrary = (topology: Topology, window: Window) => fc.Arbitrary<Schedule>;

const MS = 1000;

/** Clamps into the window and sorts (stably) by time. */
function place(window: Window, faults: Fault[]): Fault[] {
  const at = (us: number) => Math.min(Math.max(Math.round(us), window.startUs), window.endUs - 1);
  return faults.map((f, i) => ({ f: { ...f, at: at(window.startUs + f.at) }, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
}

/** Past the session timeout (1.5 s) the controller elects another leader; shorter splits (`minHoldUs` below it) test the return of an unfenced leader. */
export function isolatedLeaderArbitrary(leader: NodeId, client: NodeId, minHoldUs = 500 * MS): NemesisArbitrary {
  return (topology, window) => fc
    .record({
      splitUs: fc.integer({ min: 300 * MS, max: 2000 * MS }),
      holdUs: fc.integer({ min: minHoldUs, max: Math.max(minHoldUs, 4500 * MS) }),
    })
    .map(({ splitUs, holdUs }) => {
      const rest = [...topology.servers, ...topology.clients].filter((n) => n !== leader && n !== client);
      return place(window, [customPartition(splitUs, cut([leader, client], rest)), { at: splitUs + holdUs, kind: 'heal' }]);
    });
}

/** `minDownUs` past the session timeout (1.5 s) makes every draw a failover; shorter ones test a leader that restarts before it is fenced. */
export function crashLeaderArbitrary(leader: NodeId, minDownUs = 200 * MS): NemesisArbitrary {
  return (_topology, window) => fc
    .record({
      crashUs: fc.integer({ min: 300 * MS, max: 4000 * MS }),
      downUs: fc.integer({ min: minDownUs, max: Math.max(minDownUs, 3000 * MS) }),
    })
    .map(({ crashUs, downUs }) => place(window, [
      { at: crashUs, kind: 'crash', node: leader },
      { at: crashUs + downUs, kind: 'restart', node: leader },
    ]));
}

export function leaderAloneArbitrary(leader: NodeId, followers: readonly NodeId[]): NemesisArbitrary {
  return (topology, window) => fc
    .record({
      splitUs: fc.integer({ min: 300 * MS, max: 1500 * MS }),
      // The leader crashes once the followers are out of the ISR (lag 1 s, fencing 1.5 s)...
      crashAfterUs: fc.integer({ min: 1600 * MS, max: 3000 * MS }),
      // ...the split heals around the crash, and the leader stays down past its own fencing.
      healAfterCrashUs: fc.integer({ min: 0, max: 1000 * MS }),
      downUs: fc.integer({ min: 1700 * MS, max: 3000 * MS }),
    })
    .map(({ splitUs, crashAfterUs, healAfterCrashUs, downUs }) => {
      const rest = [...topology.servers, ...topology.clients].filter((n) => !followers.includes(n));
      const crashUs = splitUs + crashAfterUs;
      return place(window, [
        customPartition(splitUs, cut(followers, rest)),
        { at: crashUs, kind: 'crash', node: leader },
        { at: crashUs + healAfterCrashUs, kind: 'heal' },
        { at: crashUs + downUs, kind: 'restart', node: leader },
      ]);
    });
}

/**
 * The leader must go before the restarted follower fetches again: that takes the follower a heartbeat
 * round trip to the controller and one fetch (a few ms at 1 ms links), so the unsafe scenario draws the
 * gap from 0 to `maxGapUs` = 2 ms; a larger bound also covers the follower catching up first.
 */
export function kip101Arbitrary(leader: NodeId, follower: NodeId, maxGapUs = 2 * MS): NemesisArbitrary {
  return (_topology, window) => fc
    .record({
      atUs: fc.integer({ min: 300 * MS, max: 4000 * MS }),
      followerDownUs: fc.integer({ min: 0, max: 400 * MS }),
      leaderGapUs: fc.integer({ min: 0, max: maxGapUs }),
      // Down past the session timeout, so the controller elects the follower; the old leader then rejoins.
      leaderDownUs: fc.integer({ min: 1700 * MS, max: 2500 * MS }),
    })
    .map(({ atUs, followerDownUs, leaderGapUs, leaderDownUs }) => {
      const leaderCrash = atUs + followerDownUs + leaderGapUs;
      return place(window, [
        { at: atUs, kind: 'crash', node: follower },
        { at: atUs + followerDownUs, kind: 'restart', node: follower },
        { at: leaderCrash, kind: 'crash', node: leader },
        { at: leaderCrash + leaderDownUs, kind: 'restart', node: leader },
      ]);
    });
}

export function quickCrashesArbitrary(brokers: readonly NodeId[]): NemesisArbitrary {
  return (topology, window) => scheduleArbitrary(topology, {
    ...window, kinds: ['crash'], crashNodes: brokers, maxFaults: 5, minDurationUs: 20 * MS, maxDurationUs: 2500 * MS,
  });
}

/**
 * KIP-966's "last replica standing". The followers are cut off from the leader, the controller and the clients,
 * the second up to two session timeouts after the first, so the controller fences them and the ISR shrinks to
 * the leader alone (the last to go joins the ELR when that option is on). The leader crashes within a flush
 * interval of the second cut, when its last acknowledged writes may or may not have reached its disk, and
 * restarts after up to three session timeouts. The split heals up to 2 s after the crash, and not before the
 * second follower is fenced, so the followers come back before or after the leader.
 */
export function lastReplicaStandingArbitrary(
  leader: NodeId,
  followers: readonly [NodeId, NodeId],
  timing: { sessionTimeoutMs: number; flushIntervalMs: number },
): NemesisArbitrary {
  const sessionUs = timing.sessionTimeoutMs * MS;
  return (topology, window) => fc
    .record({
      splitUs: fc.integer({ min: 300 * MS, max: 3000 * MS }),
      staggerUs: fc.integer({ min: 0, max: Math.round(2 * sessionUs) }),
      crashAfterUs: fc.integer({ min: 0, max: Math.round(timing.flushIntervalMs * MS) }),
      downUs: fc.integer({ min: 0, max: Math.round(3 * sessionUs) }),
      healAfterUs: fc.integer({ min: 0, max: 2000 * MS }),
    })
    .map(({ splitUs, staggerUs, crashAfterUs, downUs, healAfterUs }) => {
      const [first, second] = followers;
      const outside = (cutOff: readonly NodeId[]) => [...topology.servers, ...topology.clients].filter((n) => !cutOff.includes(n));
      const secondCutUs = splitUs + staggerUs;
      const crashUs = secondCutUs + crashAfterUs;
      // Not before the controller has fenced the second follower (a session timeout and a heartbeat tick).
      const healUs = Math.max(crashUs, secondCutUs + 2 * sessionUs) + healAfterUs;
      return place(window, [
        customPartition(splitUs, cut([first], outside([first]))),
        customPartition(secondCutUs, cut([...followers], outside(followers))),
        { at: crashUs, kind: 'crash', node: leader },
        { at: crashUs + downUs, kind: 'restart', node: leader },
        { at: healUs, kind: 'heal' },
      ]);
    });
}

/** Partitions (clients included), crashes of `crashNodes` (default: every server), pauses, drift and slow links. */
export function mixedArbitrary(servers: readonly NodeId[], clients: readonly NodeId[], crashNodes: readonly NodeId[] = servers): NemesisArbitrary {
  return (topology, window) => scheduleArbitrary(topology, {
    ...window,
    kinds: ['partition', 'crash', 'pause', 'clock-drift', 'link'],
    weights: { partition: 3, crash: 3 },
    maxFaults: 6,
    minDurationUs: 50 * MS,
    maxDurationUs: 4000 * MS,
    partitionNodes: 'all',
    crashNodes,
    pauseNodes: servers,
    linkNodes: [...servers, ...clients],
    linkLatencyMsMax: 50,
    linkJitterMsMax: 20,
    driftPpmMax: 500,
  });
}

/** Picks one of several nemeses per seed, with weights. */
export function oneOf(...choices: { weight: number; arbitrary: NemesisArbitrary }[]): NemesisArbitrary {
  return (topology, window) => fc.oneof(...choices.map((c) => ({ weight: c.weight, arbitrary: c.arbitrary(topology, window) })));
}
