/**
 * Determinism check: runs the same simulation twice and, if the two runs differ, names the first event
 * where they part ways. Use it when a trace hash does not reproduce (a model reading ambient state,
 * iterating a Set built in a different order, keeping module-level state between runs...). Both runs freeze
 * every message body at send: a model that changes a body after sending it fails naming the node.
 */
import { Simulation, type SimulationOptions } from './simulation.js';

export interface DeterminismReport {
  same: boolean;
  hashA: string;
  hashB: string;
  eventsA: number;
  eventsB: number;
  /** The first executed event that differs (`'<end of trace>'` when one run simply stopped earlier). */
  firstDifference?: { index: number; a: string; b: string };
}

export type RunFn = (sim: Simulation) => Promise<unknown>;

const END = '<end of trace>';

/** Where two readable traces part: the index and both lines there (undefined when that trace had ended). */
export interface TraceDifference {
  index: number;
  a: string | undefined;
  b: string | undefined;
}

/** The first index where two traces differ (one ending earlier counts), or null when they are equal. */
export function firstTraceDifference(a: readonly string[], b: readonly string[]): TraceDifference | null {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    if (a[index] !== b[index]) return { index, a: a[index], b: b[index] };
  }
  return null;
}

/**
 * `makeOptions` must build fresh options (fresh factories and workloads) on every call; `runFn` drives
 * each simulation (default: `sim.run()` to quiescence or the options' event limit).
 */
export async function checkDeterminism(makeOptions: () => SimulationOptions, runFn: RunFn = (sim) => sim.run()): Promise<DeterminismReport> {
  const runOnce = async () => {
    const sim = new Simulation({ ...makeOptions(), recordTrace: true, freezeSentBodies: true });
    await runFn(sim);
    return sim;
  };
  const a = await runOnce();
  const b = await runOnce();
  const report: DeterminismReport = {
    same: false, hashA: a.traceHash(), hashB: b.traceHash(), eventsA: a.events, eventsB: b.events,
  };
  const difference = firstTraceDifference(a.trace, b.trace);
  if (difference !== null) {
    report.firstDifference = { index: difference.index, a: difference.a ?? END, b: difference.b ?? END };
    return report;
  }
  // Readable traces agree; the hash (which sees full message bodies) is the last word.
  report.same = report.hashA === report.hashB;
  return report;
}

/** One line for a failing report. */
export function describeDifference(report: DeterminismReport): string {
  if (report.same) return `deterministic (hash ${report.hashA}, ${report.eventsA} events)`;
  const d = report.firstDifference;
  if (d === undefined) return `hashes differ (${report.hashA} vs ${report.hashB}) though the readable traces agree: a message body differs beyond what the trace shows`;
  return `runs diverge at event ${d.index}:\n  run A: ${d.a}\n  run B: ${d.b}`;
}
