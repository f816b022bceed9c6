/** One line in words per fault, so schedules read like a story in reports and counterexamples. */
import { isTriggered, type FaultAction, type FiredTrigger, type LinkFault, type NodeId, type PartitionFault, type Schedule, type ScheduleEntry, type Trigger } from './types.js';
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

function describePartition(f: Omit<PartitionFault, 'at'>): string {
  const text = partitionText(f);
  return f.replace === true ? `${text} (replacing any partition in effect)` : text;
}

function partitionText(f: Omit<PartitionFault, 'at'>): string {
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

function describeLink(f: Omit<LinkFault, 'at'>): string {
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
export function describeAction(f: FaultAction): string {
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

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "b1 reports kafka:isr-shrunk-to-one (2nd time)"; `node` is who reported it, once known. */
function triggerText(on: Trigger, tense: 'reports' | 'reported', node = on.node): string {
  return `${node ?? 'any node'} ${tense} ${on.point}${on.occurrence > 1 ? ` (${ordinal(on.occurrence)} time)` : ''}`;
}

function delayText(afterUs: number): string {
  return afterUs === 0 ? 'right after' : `${formatMs(afterUs / 1000)} after`;
}

/**
 * "at 1.200 s: partition halves {n1,n2} | {n3,n4,n5}"; a triggered fault reads "3 ms after b1 reports
 * kafka:isr-shrunk-to-one: b1 crashed", or, given when it fired, "at 2.582 s, 3 ms after b1 reported
 * kafka:isr-shrunk-to-one (at 2.579 s): b1 crashed".
 */
export function describe(f: ScheduleEntry, fired?: FiredTrigger): string {
  if (!isTriggered(f)) return `at ${formatUs(f.at)}: ${describeAction(f)}`;
  if (fired === undefined) return `${delayText(f.afterUs)} ${triggerText(f.on, 'reports')}: ${describeAction(f)}`;
  const detail = fired.detail === undefined ? '' : ` [${fired.detail}]`;
  return `at ${formatUs(fired.at)}, ${delayText(f.afterUs)} ${triggerText(f.on, 'reported', fired.node)}${detail} (at ${formatUs(fired.pointUs)}): ${describeAction(f)}`;
}

/**
 * One line per entry. Given the triggers that fired in a run, lines come in the order the faults
 * applied, and triggered entries that never fired come last, saying so.
 */
export function describeSchedule(schedule: Schedule, fired?: readonly FiredTrigger[]): string[] {
  if (fired === undefined) return schedule.map((f) => describe(f));
  const byIndex = new Map(fired.map((x) => [x.index, x]));
  const timeOf = (f: ScheduleEntry, i: number): number => (isTriggered(f) ? (byIndex.get(i)?.at ?? Number.POSITIVE_INFINITY) : f.at);
  return schedule
    .map((f, i) => ({ f, i, t: timeOf(f, i) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ f, i, t }) => (t === Number.POSITIVE_INFINITY ? `${describe(f)} (never fired)` : describe(f, byIndex.get(i))));
}
