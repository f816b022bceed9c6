/**
 * Late tries for TCC: right after an initiator ends a transaction, the link from it to one participant
 * turns slow for a while, so a try of its next transaction can outlive the initiator's wait and arrive
 * after the coordinator's cancel (which travels on the coordinator's own link). Drawn with fast-check, so
 * a failure shrinks to fewer slow links, earlier transactions, smaller delays.
 */
import fc from 'fast-check';
import { scheduleArbitrary, type Schedule, type ScheduleOptions, type Topology } from '../../harness/index.js';

export interface LateTries {
  clients: readonly string[];
  participants: readonly string[];
  latencyMs: { min: number; max: number };
  durationMs: { min: number; max: number };
  /** Up to which of an initiator's transactions a slow link may follow. */
  maxOccurrence: number;
  maxLinks: number;
}

export function lateTriesArbitrary(o: LateTries): fc.Arbitrary<Schedule> {
  return fc
    .array(
      fc.record({
        client: fc.constantFrom(...o.clients),
        participant: fc.constantFrom(...o.participants),
        occurrence: fc.integer({ min: 1, max: o.maxOccurrence }),
        afterUs: fc.integer({ min: 0, max: 20_000 }),
        latencyMs: fc.integer({ min: o.latencyMs.min, max: o.latencyMs.max }),
        durationUs: fc.integer({ min: o.durationMs.min * 1000, max: o.durationMs.max * 1000 }),
      }),
      { maxLength: o.maxLinks },
    )
    .map((links) => links.flatMap((l): Schedule => {
      const on = { point: 'tcc:txn-ended', node: l.client, occurrence: l.occurrence };
      return [
        { on, afterUs: l.afterUs, kind: 'link', from: l.client, to: l.participant, latencyMs: l.latencyMs },
        { on, afterUs: l.afterUs + l.durationUs, kind: 'link-reset' },
      ];
    }));
}

/** The scenario's timed faults (`schedule`) with late tries on top. */
export function withLateTries(schedule: Omit<ScheduleOptions, 'startUs' | 'endUs'>, late: LateTries) {
  return (topology: Topology, window: { startUs: number; endUs: number }): fc.Arbitrary<Schedule> =>
    fc.tuple(scheduleArbitrary(topology, { ...schedule, ...window }), lateTriesArbitrary(late)).map(([a, b]) => [...a, ...b]);
}
