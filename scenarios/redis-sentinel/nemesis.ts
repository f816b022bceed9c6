/**
 * The partition Sentinel's documentation warns about: the master and one client end up on the minority
 * side. The Sentinels on the majority side promote a replica while the old master keeps taking that
 * client's writes; when the partition heals, the old master is turned into a replica and resyncs,
 * discarding them. Drawn so a failure shrinks: when the split starts and how long it lasts.
 */
import fc from 'fast-check';
import { faultsAtPoints, type ScheduleOptions, customPartition, cut, type FaultSchedule, type NodeId, type Topology } from '../../harness/index.js';

export function isolatedMasterArbitrary(master: NodeId, client: NodeId): (topology: Topology, window: { startUs: number; endUs: number }) => fc.Arbitrary<FaultSchedule> {
  return (topology, window) => fc
    .record({
      splitUs: fc.integer({ min: 300_000, max: 2_000_000 }),
      // Long enough for down-after, the election and the promotion (a few seconds), or too short for any.
      holdUs: fc.integer({ min: 500_000, max: 5_000_000 }),
    })
    .map(({ splitUs, holdUs }) => {
      const at = (us: number) => Math.min(Math.max(us, window.startUs), window.endUs - 1);
      const rest = [...topology.servers, ...topology.clients].filter((n) => n !== master && n !== client);
      return [customPartition(at(window.startUs + splitUs), cut([master, client], rest)), { at: at(window.startUs + splitUs + holdUs), kind: 'heal' as const }];
    });
}

/**
 * Faults at the protocol points of a failover, played on top of a nemesis: a Redis node crashes or is
 * paused right after a WAIT was answered while some replica lacked the write, after Sentinel saw the
 * master objectively down, or after it promoted a replica (the window before the others follow).
 */
export function failoverFaults(redis: readonly NodeId[]): Omit<ScheduleOptions, 'startUs' | 'endUs'> {
  return faultsAtPoints({
    points: ['redis:wait-answered-short', 'sentinel:odown', 'sentinel:promoted'],
    kinds: ['crash', 'pause'], victims: redis, durationMs: { min: 100, max: 6000 }, maxFaults: 2, maxDelayMs: 50,
  });
}
