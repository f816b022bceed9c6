/**
 * What a schedule leaves in effect at its end, and the faults that undo it, so the heal/quiesce phase
 * after the nemesis starts from a healthy system. Faults at fixed times only: for a schedule with
 * triggered faults, the runner heals what the faults that actually fired left open (nemesis-plan.ts).
 */
import type { Fault, FaultSchedule, NodeId, Topology } from './types.js';
import { allNodes } from './types.js';

export interface OpenFaults {
  partitioned: boolean;
  linksChanged: boolean;
  crashed: NodeId[];
  paused: NodeId[];
  /** Nodes whose clock drift is not 0, with the rate. */
  drifting: Record<NodeId, number>;
  /**
   * Net wall-clock step per node, ms (strobes net to 0). Not counted as "unhealed": a stepped clock
   * stays stepped in real systems too, so a jump without a jump back is a legitimate fault.
   */
  clockOffsetMs: Record<NodeId, number>;
}

/** Replays the schedule (stably sorted by time) and reports what is still in effect at the end. */
export function openFaults(schedule: FaultSchedule): OpenFaults {
  const sorted = schedule.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i);
  let partitioned = false;
  let linksChanged = false;
  const crashed = new Set<NodeId>();
  const paused = new Set<NodeId>();
  const drifting: Record<NodeId, number> = {};
  const clockOffsetMs: Record<NodeId, number> = {};
  for (const { f } of sorted) {
    switch (f.kind) {
      case 'partition': {
        const cuts = Object.values(f.grudge).some((deaf) => deaf.length > 0);
        partitioned = f.replace === true ? cuts : partitioned || cuts; // partitions layer unless one replaces
        break;
      }
      case 'heal':
        partitioned = false;
        break;
      case 'crash':
        crashed.add(f.node);
        paused.delete(f.node); // as in the kernel: a crash ends a pause, and a restart starts unpaused
        break;
      case 'restart':
        crashed.delete(f.node);
        break;
      case 'pause':
        paused.add(f.node);
        break;
      case 'resume':
        paused.delete(f.node);
        break;
      case 'clock-drift':
        if (f.ppm === 0) delete drifting[f.node];
        else drifting[f.node] = f.ppm;
        break;
      case 'clock-jump':
        clockOffsetMs[f.node] = (clockOffsetMs[f.node] ?? 0) + f.deltaMs;
        break;
      case 'clock-strobe':
        break;
      case 'link':
        linksChanged = true;
        break;
      case 'link-reset':
        linksChanged = false;
        break;
    }
  }
  return { partitioned, linksChanged, crashed: [...crashed], paused: [...paused], drifting, clockOffsetMs };
}

/** No partition, no changed link, nobody crashed or paused, no drifting clock at the end. */
export function isHealed(schedule: FaultSchedule): boolean {
  const open = openFaults(schedule);
  return !open.partitioned && !open.linksChanged && open.crashed.length === 0 && open.paused.length === 0 &&
    Object.keys(open.drifting).length === 0;
}

/**
 * Faults that heal everything at `atUs`: heal partitions and reset links (both harmless when nothing
 * is cut), then restart, resume and un-drift what `schedule` left crashed, paused or drifting. Without
 * a schedule only the harmless two are returned: restarting a running node would crash it.
 */
export function healAll(topology: Topology, atUs: number, schedule: FaultSchedule = []): Fault[] {
  const open = openFaults(schedule);
  const order = allNodes(topology);
  const faults: Fault[] = [
    { at: atUs, kind: 'heal' },
    { at: atUs, kind: 'link-reset' },
  ];
  for (const node of order) if (open.crashed.includes(node)) faults.push({ at: atUs, kind: 'restart', node });
  for (const node of order) if (open.paused.includes(node)) faults.push({ at: atUs, kind: 'resume', node });
  for (const node of order) if (node in open.drifting) faults.push({ at: atUs, kind: 'clock-drift', node, ppm: 0 });
  return faults;
}
