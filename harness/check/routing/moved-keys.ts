/**
 * The share of keys that change owner when one member joins or leaves, against the 1/n a consistent-hash
 * ring promises (n: members after a join, before a leave). From the views the nodes adopted: one per
 * epoch, consecutive epochs compared when their member sets differ by exactly one member.
 */
import type { ViewAdoption } from './events.js';

export interface MembershipChange { fromEpoch: number; toEpoch: number; kind: 'join' | 'leave'; member: string; movedShare: number; idealShare: number }

export function membershipChanges(views: readonly ViewAdoption[]): MembershipChange[] {
  const byEpoch = new Map<number, ViewAdoption>();
  for (const v of views) if (!byEpoch.has(v.epoch)) byEpoch.set(v.epoch, v);
  const ordered = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  const out: MembershipChange[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1] as ViewAdoption;
    const after = ordered[i] as ViewAdoption;
    const joined = after.members.filter((m) => !before.members.includes(m));
    const left = before.members.filter((m) => !after.members.includes(m));
    if (joined.length + left.length !== 1 || before.owners.length !== after.owners.length || before.owners.length === 0) continue;
    const moved = after.owners.filter((owner, k) => owner !== before.owners[k]).length;
    const n = Math.max(before.members.length, after.members.length);
    out.push({
      fromEpoch: before.epoch, toEpoch: after.epoch, kind: joined.length === 1 ? 'join' : 'leave', member: (joined[0] ?? left[0]) as string,
      movedShare: moved / after.owners.length, idealShare: 1 / n,
    });
  }
  return out;
}

/** Mean moved share and mean ideal share over the changes (null when there were none). */
export function movedKeyStats(changes: readonly MembershipChange[]): Record<string, number | null> {
  const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000);
  return {
    membershipChanges: changes.length,
    meanMovedShare: mean(changes.map((c) => c.movedShare)),
    meanIdealShare: mean(changes.map((c) => c.idealShare)),
  };
}
