/**
 * Unique ID generation: no ID is issued twice (by any node), and each worker's IDs increase in the order
 * it issued them. Generators report each ID as a log line `id-issued {json}`; IDs are decimal strings
 * (Snowflake IDs need 64 bits).
 */
import type { LogLine } from '../../sim/simulation.js';
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';

export const ID_ISSUED_LOG = 'id-issued ';

export interface IssuedId { id: string; worker: number; node: string; timeUs: number }

export interface DuplicateIdAnomaly extends AnomalyLocus { kind: 'duplicate-id'; id: string; first: IssuedId; second: IssuedId }
export interface NotIncreasingAnomaly extends AnomalyLocus { kind: 'not-increasing'; worker: number; previous: IssuedId; next: IssuedId }

const MAX_ANOMALIES = 20;

export function issuedIdLine(id: string, worker: number): string {
  return `${ID_ISSUED_LOG}${JSON.stringify({ id, worker })}`;
}

export function issuedIds(logs: readonly LogLine[]): IssuedId[] {
  return logs.filter((l) => l.message.startsWith(ID_ISSUED_LOG)).map((l) => ({
    ...(JSON.parse(l.message.slice(ID_ISSUED_LOG.length)) as { id: string; worker: number }), node: l.node, timeUs: l.timeUs,
  }));
}

/** `ids` in the order they were issued (true time). */
export function checkUniqueIds(ids: readonly IssuedId[]): CheckResult {
  const seen = new Map<string, IssuedId>();
  const last = new Map<number, IssuedId>();
  const anomalies: (DuplicateIdAnomaly | NotIncreasingAnomaly)[] = [];
  let duplicates = 0;
  let decreases = 0;
  for (const issued of ids) {
    const first = seen.get(issued.id);
    if (first !== undefined) {
      duplicates++;
      if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind: 'duplicate-id', id: issued.id, first, second: issued, fromUs: first.timeUs, toUs: issued.timeUs, nodes: [...new Set([first.node, issued.node])] });
    } else seen.set(issued.id, issued);
    const previous = last.get(issued.worker);
    if (previous !== undefined && BigInt(issued.id) <= BigInt(previous.id)) {
      decreases++;
      if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind: 'not-increasing', worker: issued.worker, previous, next: issued, fromUs: previous.timeUs, toUs: issued.timeUs, nodes: [...new Set([previous.node, issued.node])] });
    }
    last.set(issued.worker, issued);
  }
  const stats = { ids: ids.length, workers: last.size, duplicates, decreases };
  const a = anomalies[0];
  if (a === undefined) return { valid: true, explanation: `${ids.length} IDs from ${last.size} worker(s): all distinct, each worker's increasing`, anomalies: [], stats };
  const what = a.kind === 'duplicate-id'
    ? `${a.id} issued by ${a.first.node} at ${ms(a.first.timeUs)} ms and again by ${a.second.node} at ${ms(a.second.timeUs)} ms`
    : `worker ${a.worker} issued ${a.next.id} at ${ms(a.next.timeUs)} ms after ${a.previous.id} at ${ms(a.previous.timeUs)} ms`;
  return { valid: false, explanation: `${duplicates} duplicate ID(s), ${decreases} decrease(s); first: ${what}`, anomalies, stats };
}
