/**
 * Hand-written schedules. `fixedSchedule([...])` is a nemesis arbitrary (`NemesisProfile.arbitrary`)
 * that always draws exactly the schedule written, so every seed runs it; shrinking only drops entries,
 * one at a time, so a failure shrinks to the entries it needs. Entries are faults at fixed times
 * (`{ at, kind, ... }`, µs of true time) or faults hung on protocol points (`{ on, afterUs, kind, ... }`);
 * partitions layer unless one says `replace: true`. Example, the Kafka ISR window by hand:
 *
 *   arbitrary: fixedSchedule([
 *     { on: { point: 'kafka:isr-shrunk-to-one', occurrence: 1 }, afterUs: 3_000, kind: 'crash', node: 'b1' },
 *     { on: { point: 'kafka:isr-shrunk-to-one', occurrence: 1 }, afterUs: 2_003_000, kind: 'restart', node: 'b1' },
 *   ])
 */
import fc from 'fast-check';
import { isTriggered, type Schedule, type Topology } from './types.js';
import { FaultScheduleError, validate } from './validate.js';

/** Always `schedule`; shrinks by dropping entries. */
class FixedScheduleArbitrary extends fc.Arbitrary<Schedule> {
  constructor(private readonly schedule: Schedule) {
    super();
  }

  generate(): fc.Value<Schedule> {
    return new fc.Value(structuredClone(this.schedule), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Schedule {
    return Array.isArray(value);
  }

  shrink(value: Schedule): fc.Stream<fc.Value<Schedule>> {
    return fc.Stream.of(...value.map((_, i) => new fc.Value(value.filter((_f, j) => j !== i), undefined)));
  }
}

/**
 * A nemesis that plays `schedule` as written (validated against the scenario's topology, every timed
 * fault inside the nemesis window, or a FaultScheduleError naming the fault and field).
 */
export function fixedSchedule(schedule: Schedule): (topology: Topology, window: { startUs: number; endUs: number }) => fc.Arbitrary<Schedule> {
  return (topology, window) => {
    validate(schedule, topology);
    schedule.forEach((f, i) => {
      if (!isTriggered(f) && (f.at < window.startUs || f.at >= window.endUs)) {
        throw new FaultScheduleError(i, 'at', f.at, `outside the nemesis window [${window.startUs}, ${window.endUs}) µs`, f.kind);
      }
    });
    return new FixedScheduleArbitrary(structuredClone(schedule));
  };
}
