/**
 * At most one owner per key at a time: from each node's serving changes, the intervals (true time) over
 * which it answered for each key, under which membership epoch; two nodes' intervals for one key that
 * overlap are two owners at once (a node serving by an old membership while another serves by a newer
 * one, or two nodes of one epoch's ring during a handoff) when either answered a request for the key
 * meanwhile; an overlap nobody asked about is counted (`silentOverlaps`), not a violation. An interval
 * still open ends at `endOf` (the node's next crash, or the end of the run).
 */
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { ServedRequest, ServingChange } from './events.js';

export interface Ownership { key: string; node: string; epoch: number; fromUs: number; toUs: number }
export interface TwoOwnersAnomaly extends AnomalyLocus { kind: 'two-owners'; key: string; first: Ownership; second: Ownership; served: ServedRequest[] }

const MAX_ANOMALIES = 20;

/** Each node's serving intervals per key, from its changes (in time order per node). */
export function ownerships(changes: readonly ServingChange[], endOf: (node: string, fromUs: number) => number): Ownership[] {
  const out: Ownership[] = [];
  const open = new Map<string, Map<string, { epoch: number; fromUs: number }>>();
  const close = (node: string, key: string, o: { epoch: number; fromUs: number }, atUs: number): void => {
    const toUs = Math.min(atUs, endOf(node, o.fromUs));
    if (toUs > o.fromUs) out.push({ key, node, epoch: o.epoch, fromUs: o.fromUs, toUs });
  };
  for (const c of changes) {
    const mine = open.get(c.node) ?? new Map<string, { epoch: number; fromUs: number }>();
    open.set(c.node, mine);
    const now = new Set(c.keys);
    for (const [key, o] of [...mine]) {
      // A key kept across a crash (the next change comes from a new incarnation) is a new interval.
      const crashed = endOf(c.node, o.fromUs) < c.timeUs;
      if (!now.has(key) || crashed) {
        close(c.node, key, o, c.timeUs);
        mine.delete(key);
      }
    }
    for (const key of now) if (!mine.has(key)) mine.set(key, { epoch: c.epoch, fromUs: c.timeUs });
  }
  for (const [node, mine] of open) for (const [key, o] of mine) close(node, key, o, Infinity);
  return out;
}

export function checkSingleOwner(owned: readonly Ownership[], served: readonly ServedRequest[]): CheckResult {
  const byKey = new Map<string, Ownership[]>();
  for (const o of owned) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  const anomalies: TwoOwnersAnomaly[] = [];
  let keysWithTwo = 0;
  let overlapUs = 0;
  let silent = 0;
  for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.fromUs - b.fromUs);
    let found = false;
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as Ownership;
      for (let j = i + 1; j < list.length && (list[j] as Ownership).fromUs < a.toUs; j++) {
        const b = list[j] as Ownership;
        if (b.node === a.node) continue;
        const toUs = Math.min(a.toUs, b.toUs);
        const during = served.filter((r) => r.key === key && (r.node === a.node || r.node === b.node) && r.timeUs >= b.fromUs && r.timeUs <= toUs);
        if (during.length === 0) {
          silent++;
          continue;
        }
        found = true;
        overlapUs += toUs - b.fromUs;
        const clients = [...new Set(during.map((r) => r.client))];
        anomalies.push({ kind: 'two-owners', key, first: a, second: b, served: during.slice(0, 5), fromUs: b.fromUs, toUs, nodes: [a.node, b.node, ...clients] });
      }
    }
    if (found) keysWithTwo++;
  }
  // The earliest first (the report opens on it).
  anomalies.sort((x, y) => x.fromUs - y.fromUs || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  anomalies.splice(MAX_ANOMALIES);
  const stats = { keys: byKey.size, ownerships: owned.length, keysWithTwoOwners: keysWithTwo, twoOwnerMs: overlapUs / 1000, silentOverlaps: silent };
  const a = anomalies[0];
  if (a === undefined) return { valid: true, explanation: `${owned.length} ownerships of ${byKey.size} keys: never two owners of a key at once`, anomalies: [], stats };
  return {
    valid: false,
    explanation: `${keysWithTwo} key(s) had two owners at once; first: ${a.key} owned by ${a.first.node} (membership epoch ${a.first.epoch}) and by ${a.second.node} ` +
      `(epoch ${a.second.epoch}) from ${ms(a.fromUs)} ms to ${ms(a.toUs)} ms, meanwhile ${served0(a)}`,
    anomalies,
    stats,
  };
}

function served0(a: TwoOwnersAnomaly): string {
  const r = a.served[0] as ServedRequest;
  return `${r.node} answered ${r.client} for it at ${ms(r.timeUs)} ms`;
}
