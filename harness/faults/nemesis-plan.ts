/**
 * What the runner hands the kernel for one run's nemesis: the timed faults as actions, a point
 * listener that fires the triggered faults, and the heal at the end of the window. Firing is a pure
 * function of the run (the points a model reports, in kernel order), so the same schedule and seed
 * give the same trace hash.
 */
import type { PointListener, TimedAction } from '../sim/types.js';
import { actionsOf, compile, PartitionState } from './compile.js';
import { describe, formatUs } from './describe.js';
import { healAll } from './heal.js';
import { isTriggered, type Fault, type FaultSchedule, type FiredTrigger, type Schedule, type Topology, type TriggeredFault } from './types.js';
import { validate } from './validate.js';

export interface NemesisPlan {
  /** The timed faults and the heal at the end of the window, for `SimulationOptions.faults`. */
  actions: TimedAction[];
  /** Fires the triggered faults (absent when there are none), for `SimulationOptions.onPoint`. */
  onPoint?: PointListener;
  /** The triggered entries that fired so far, in firing order. */
  readonly fired: FiredTrigger[];
  /** The faults applied or due so far: the timed ones and the triggered ones that fired, at their times, sorted stably. */
  applied(): FaultSchedule;
}

/**
 * Validates and compiles a nemesis schedule for the window [0, endUs). A triggered entry fires at most
 * once, `afterUs` after the `occurrence`-th report of its point (by its node, if it names one), and only
 * if that falls before `endUs`; at `endUs` everything the applied faults left open is healed. A schedule
 * without triggered entries compiles exactly as `compile` with `healAll` would.
 */
export function compileNemesis(schedule: Schedule, topology: Topology, endUs: number): NemesisPlan {
  validate(schedule, topology);
  const timed = schedule.filter((f): f is Fault => !isTriggered(f));
  const triggered = schedule.flatMap((f, index) => (isTriggered(f) ? [{ f, index }] : []));
  const partitions = new PartitionState();
  if (triggered.length === 0) {
    return { actions: compile([...timed, ...healAll(topology, endUs, timed)], topology, partitions), fired: [], applied: () => [...timed] };
  }
  const fired: FiredTrigger[] = [];
  const firedFaults: Fault[] = [];
  const applied = (): FaultSchedule => [...timed, ...firedFaults].map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
  const heal: TimedAction = {
    atUs: endUs,
    label: `at ${formatUs(endUs)}: heal what the nemesis left open`,
    apply: (target) => {
      for (const f of healAll(topology, endUs, applied())) for (const action of actionsOf(f, partitions)) action.apply(target);
    },
  };
  return {
    actions: [...compile(timed, topology, partitions), heal],
    onPoint: triggerListener(triggered, endUs, (entry, firing) => {
      const fault = { ...withoutTrigger(entry), at: firing.at } as Fault;
      fired.push(firing);
      firedFaults.push(fault);
      return actionsOf(fault, partitions, describe(entry, firing));
    }),
    fired,
    applied,
  };
}

function withoutTrigger(entry: TriggeredFault): Omit<TriggeredFault, 'on' | 'afterUs'> {
  const { on: _on, afterUs: _afterUs, ...action } = entry;
  return action;
}

/** Counts each entry's occurrences of its point and, on the one it waits for, schedules its fault's actions. */
function triggerListener(
  entries: readonly { f: TriggeredFault; index: number }[],
  endUs: number,
  fire: (entry: TriggeredFault, firing: FiredTrigger) => TimedAction[],
): PointListener {
  const byPoint = new Map<string, { f: TriggeredFault; index: number; seen: number }[]>();
  for (const e of entries) {
    const list = byPoint.get(e.f.on.point) ?? [];
    list.push({ ...e, seen: 0 });
    byPoint.set(e.f.on.point, list);
  }
  return (point, schedule) => {
    const waiting = byPoint.get(point.name);
    if (waiting === undefined) return;
    for (const w of waiting) {
      if (w.seen >= w.f.on.occurrence || (w.f.on.node !== undefined && w.f.on.node !== point.node)) continue;
      w.seen++;
      const at = point.atUs + w.f.afterUs;
      if (w.seen < w.f.on.occurrence || at >= endUs) continue; // too late: the nemesis is over by then
      const firing: FiredTrigger = { index: w.index, node: point.node, pointUs: point.atUs, at, ...(point.detail !== undefined ? { detail: point.detail } : {}) };
      for (const action of fire(w.f, firing)) schedule(action);
    }
  };
}
