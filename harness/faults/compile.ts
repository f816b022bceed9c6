/** Turns a schedule into the kernel's timed actions; the kernel itself knows nothing about fault kinds. */
import type { FaultTarget, LinkParams, TimedAction } from '../sim/types.js';
import { LINK_PARAM_KEYS, type ClockStrobeFault, type Fault, type FaultSchedule, type Grudge, type Topology } from './types.js';
import { describe, formatMs, formatUs } from './describe.js';
import { validate } from './validate.js';

/** The forward/back jumps of a strobe: whole pairs, one flip per period, all within the duration. */
export function strobeJumps(f: ClockStrobeFault): { atUs: number; deltaMs: number }[] {
  const periodUs = Math.round(f.periodMs * 1000);
  const pairs = Math.floor(Math.round(f.durationMs * 1000) / (2 * periodUs));
  const jumps: { atUs: number; deltaMs: number }[] = [];
  for (let i = 0; i < 2 * pairs; i++) {
    jumps.push({ atUs: f.at + i * periodUs, deltaMs: i % 2 === 0 ? f.deltaMs : -f.deltaMs });
  }
  return jumps;
}

function linkParams(f: Extract<Fault, { kind: 'link' }>): Partial<LinkParams> {
  const params: Partial<LinkParams> = {};
  for (const key of LINK_PARAM_KEYS) {
    const v = f[key];
    if (v !== undefined) params[key] = v;
  }
  return params;
}

/**
 * The partitions in effect during one run, shared by its actions: a partition adds its grudge to them
 * (or replaces them, with `replace`), a heal clears them.
 */
export class PartitionState {
  #grudge: Grudge = {};

  add(grudge: Grudge, replace: boolean): Grudge {
    const next: Grudge = replace ? {} : structuredClone(this.#grudge);
    for (const [a, deaf] of Object.entries(grudge)) next[a] = [...new Set([...(next[a] ?? []), ...deaf])];
    this.#grudge = next;
    return structuredClone(next);
  }

  clear(): void {
    this.#grudge = {};
  }
}

/** The kernel actions of one fault; `label` overrides its description (triggered faults tell their trigger). */
export function actionsOf(f: Fault, partitions: PartitionState, label = describe(f)): TimedAction[] {
  const one = (apply: (t: FaultTarget) => void): TimedAction[] => [{ atUs: f.at, label, apply }];
  switch (f.kind) {
    case 'partition': {
      const grudge = structuredClone(f.grudge);
      return one((t) => t.setGrudge(partitions.add(grudge, f.replace === true)));
    }
    case 'heal':
      return one((t) => {
        partitions.clear();
        t.heal();
      });
    case 'crash':
      return one((t) => t.crash(f.node));
    case 'restart':
      return one((t) => t.restart(f.node));
    case 'pause':
      return one((t) => t.pause(f.node));
    case 'resume':
      return one((t) => t.resume(f.node));
    case 'clock-drift':
      return one((t) => t.setClockDrift(f.node, f.ppm));
    case 'clock-jump':
      return one((t) => t.jumpClock(f.node, f.deltaMs));
    case 'clock-strobe': {
      const jumps = strobeJumps(f);
      return jumps.map(({ atUs, deltaMs }, i) => ({
        atUs,
        label:
          `at ${formatUs(atUs)}: clock on ${f.node} strobe flip ${i + 1}/${jumps.length}: ` +
          `jumps ${deltaMs < 0 ? 'back' : 'forward'} ${formatMs(deltaMs)}`,
        apply: (t: FaultTarget) => t.jumpClock(f.node, deltaMs),
      }));
    }
    case 'link': {
      const params = linkParams(f);
      return one((t) => t.setLink(f.from, f.to, params));
    }
    case 'link-reset':
      return one((t) => t.resetLinks());
  }
}

/**
 * Validates `schedule` (faults at fixed times) against `topology` and compiles it. Actions are sorted
 * by time; faults at the same instant keep their schedule order (the sort is stable), so "heal then
 * partition" stays so. Faults hung on protocol points compile with `compileNemesis` (nemesis-plan.ts).
 */
export function compile(schedule: FaultSchedule, topology: Topology, partitions = new PartitionState()): TimedAction[] {
  validate(schedule, topology);
  if (schedule.some((f) => !('at' in f))) throw new TypeError('compile: triggered faults need compileNemesis');
  return schedule.flatMap((f) => actionsOf(f, partitions)).sort((a, b) => a.atUs - b.atUs);
}
