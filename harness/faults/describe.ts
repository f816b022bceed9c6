/** One line in words per fault, so schedules read like a story in reports and counterexamples. */
import type { Fault, FaultSchedule, LinkFault, NodeId, PartitionFault } from './types.js';
import { bridgeNode } from './partitions.js';

/** True time as seconds: "1.200 s" on whole milliseconds, "1.200500 s" otherwise. */
export function formatUs(us: number): string {
  return `${(us / 1e6).toFixed(Number.isInteger(us / 1000) ? 3 : 6)} s`;
}

/** A span in ms: "250 ms" below a second, "10.000 s" from a second on. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  return abs < 1000 ? `${abs} ms` : `${(abs / 1000).toFixed(3)} s`;
}

function set(ids: readonly NodeId[]): string {
  return `{${ids.join(',')}}`;
}

function describePartition(f: PartitionFault): string {
  const { nodes } = f;
  const half = Math.floor(nodes.length / 2);
  switch (f.shape) {
    case 'halves':
      return `partition halves ${set(nodes.slice(0, half))} | ${set(nodes.slice(half))}`;
    case 'isolate':
      return `partition isolate ${set(nodes.slice(0, 1))} | ${set(nodes.slice(1))}`;
    case 'bridge': {
      const k = Math.floor((nodes.length - 1) / 2);
      return `partition bridge ${set(nodes.slice(0, k))} | ${set(nodes.slice(k + 1))} via ${bridgeNode(nodes) ?? '?'}`;
    }
    case 'one-way':
      return `partition one-way ${set(nodes.slice(0, half))} hear nothing from ${set(nodes.slice(half))}`;
    case 'majority-ring':
      return `partition majority-ring ${nodes.join('~')} (each sees a different majority)`;
    case 'custom': {
      const parts = Object.entries(f.grudge)
        .filter(([, deaf]) => deaf.length > 0)
        .map(([a, deaf]) => `${a} deaf to ${set(deaf)}`);
      return `partition custom: ${parts.length > 0 ? parts.join('; ') : 'nobody cut'}`;
    }
  }
}

function describeLink(f: LinkFault): string {
  const parts: string[] = [];
  if (f.latencyMs !== undefined) parts.push(`latency ${f.latencyMs} ms`);
  if (f.jitterMs !== undefined) parts.push(`jitter ${f.jitterMs} ms`);
  if (f.loss !== undefined) parts.push(`loss ${f.loss}`);
  if (f.duplicate !== undefined) parts.push(`duplicate ${f.duplicate}`);
  if (f.reorder !== undefined) parts.push(`reorder ${f.reorder}`);
  return `link ${f.from} -> ${f.to}: ${parts.length > 0 ? parts.join(', ') : 'unchanged'}`;
}

function jump(deltaMs: number): string {
  return `${deltaMs < 0 ? 'back' : 'forward'} ${formatMs(deltaMs)}`;
}

/** What the fault does, without the time. */
export function describeAction(f: Fault): string {
  switch (f.kind) {
    case 'partition':
      return describePartition(f);
    case 'heal':
      return 'heal all partitions';
    case 'crash':
      return `${f.node} crashed`;
    case 'restart':
      return `${f.node} restarted`;
    case 'pause':
      return `${f.node} paused`;
    case 'resume':
      return `${f.node} resumed`;
    case 'clock-drift':
      return f.ppm === 0 ? `clock on ${f.node} stops drifting` : `clock on ${f.node} drifts ${f.ppm > 0 ? '+' : ''}${f.ppm} ppm`;
    case 'clock-jump':
      return `clock on ${f.node} jumps ${jump(f.deltaMs)}`;
    case 'clock-strobe':
      return `clock on ${f.node} strobes ±${formatMs(f.deltaMs)} every ${formatMs(f.periodMs)} for ${formatMs(f.durationMs)}`;
    case 'link':
      return describeLink(f);
    case 'link-reset':
      return 'links reset to defaults';
  }
}

/** "at 1.200 s: partition halves {n1,n2} | {n3,n4,n5}" */
export function describe(f: Fault): string {
  return `at ${formatUs(f.at)}: ${describeAction(f)}`;
}

export function describeSchedule(schedule: FaultSchedule): string[] {
  return schedule.map(describe);
}
