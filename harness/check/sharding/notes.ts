/**
 * The notes a sharded-job model leaves for the sharding checkers: the start and the end of each run of a
 * shard item, in true time, and `runsFromNotes` pairing them into runs.
 */
import type { Note } from '../../sim/simulation.js';

export const SHARD_RUN_START = 'shard-run-start';
export const SHARD_RUN_END = 'shard-run-end';

/** What a start or end note carries: `run` is unique per run of one item. */
export interface ShardRunNote {
  run: string;
  item: number;
  instance: string;
}

/** One run of one item by one instance, over [startUs, endUs) of true time. */
export interface ShardRun extends ShardRunNote {
  node: string;
  startUs: number;
  endUs: number;
  /** False when no end note came (the instance crashed, or the run was cut off by the end of the simulation). */
  ended: boolean;
}

/**
 * Pairs start and end notes. A run without an end stops at `cutOffUs(node, startUs)`: the crash of its
 * process, or the end of the simulation.
 */
export function runsFromNotes(notes: readonly Note[], cutOffUs: (node: string, startUs: number) => number): ShardRun[] {
  const open = new Map<string, ShardRun>();
  const out: ShardRun[] = [];
  for (const n of notes) {
    if (n.kind !== SHARD_RUN_START && n.kind !== SHARD_RUN_END) continue;
    const d = n.data as unknown as ShardRunNote;
    if (n.kind === SHARD_RUN_START) {
      const run: ShardRun = { run: d.run, item: d.item, instance: d.instance, node: n.node, startUs: n.timeUs, endUs: n.timeUs, ended: false };
      open.set(d.run, run);
      out.push(run);
      continue;
    }
    const run = open.get(d.run);
    if (run === undefined) continue;
    open.delete(d.run);
    run.endUs = n.timeUs;
    run.ended = true;
  }
  for (const run of open.values()) run.endUs = Math.max(run.startUs, cutOffUs(run.node, run.startUs));
  return out;
}
