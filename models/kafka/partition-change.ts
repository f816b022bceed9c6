/**
 * How the controller rewrites the partition record (KRaft's PartitionChangeBuilder): a target ISR, the
 * eligible leader replicas that follow from it (KIP-966, when on), and a leader elected from them. Pure
 * data in, data out, so the election rules are tested on their own.
 */
import type { NodeId } from '../../harness/index.js';
import type { PartitionState } from './messages.js';

export interface ChangeRules {
  /** The replica set in assignment order: elections take the first eligible replica. */
  replicas: readonly NodeId[];
  minInsyncReplicas: number;
  /** KIP-966 (eligible.leader.replicas.version=1). */
  eligibleLeaderReplicas: boolean;
  uncleanLeaderElection: boolean;
  /** May lead: not fenced, and not the broker the change removes. */
  acceptable(broker: NodeId): boolean;
}

/** How the leader was chosen: kept or none, from the ISR, from the ELR, or an unclean choice (data may be lost). */
export type Election = 'none' | 'isr' | 'elr' | 'last-known-leader' | 'unclean';

export interface PartitionChange {
  state: PartitionState;
  election: Election;
}

/**
 * The partition after setting its ISR to `targetIsr`; `uncleanShutdown` names a broker that came back from an
 * unclean shutdown (it leaves the ELR too). Null when nothing changes.
 */
export function changePartition(p: PartitionState, targetIsr: readonly NodeId[], rules: ChangeRules, uncleanShutdown: NodeId | null = null): PartitionChange | null {
  const { replicas, minInsyncReplicas, eligibleLeaderReplicas: elrOn } = rules;
  let isr = replicas.filter((b) => targetIsr.includes(b));
  // Without KIP-966 the ISR never becomes empty: the last member stays, so it can be elected again.
  if (isr.length === 0 && !elrOn) isr = [...p.isr];
  let elr = p.elr;
  if (elrOn) {
    // maybePopulateTargetElr: an ISR of min.insync.replicas or more needs no ELR; below it, the replicas that
    // leave the ISR join the ELR (the HW has stopped, so they hold everything below it), unless uncleanly shut down.
    elr = isr.length >= minInsyncReplicas
      ? []
      : replicas.filter((b) => (p.elr.includes(b) || p.isr.includes(b)) && !isr.includes(b) && b !== uncleanShutdown);
  }
  // A leader must be acceptable and in the ISR, or in the ELR when the ISR is empty.
  const valid = (b: NodeId | null): b is NodeId => b !== null && rules.acceptable(b) && (isr.includes(b) || (isr.length === 0 && elr.includes(b)));
  let leader: NodeId | null = p.leader;
  let election: Election = 'none';
  if (!valid(leader)) {
    const clean = replicas.find(valid);
    const last = p.lastKnownLeader;
    if (clean !== undefined) {
      leader = clean;
      election = isr.includes(clean) ? 'isr' : 'elr';
    } else if (elrOn && isr.length === 0 && elr.length === 0 && last !== null && rules.acceptable(last)) {
      // Kafka 4 with ELR: no ISR and no ELR member left, so the last known leader comes back if unfenced
      // (as before KIP-966, when the last ISR member was re-elected). It may have lost data: an unclean election.
      leader = last;
      election = 'last-known-leader';
    } else {
      leader = rules.uncleanLeaderElection ? replicas.find((b) => rules.acceptable(b)) ?? null : null;
      election = leader === null ? 'none' : 'unclean';
    }
  }
  if (election === 'elr') {
    // An ELR member elected is the ISR.
    isr = [leader as NodeId];
    elr = elr.filter((b) => b !== leader);
  } else if (election === 'unclean' || election === 'last-known-leader') {
    // An unclean election makes the new leader the whole ISR and clears the ELR.
    isr = [leader as NodeId];
    elr = [];
  }
  let lastKnownLeader = p.lastKnownLeader;
  if (elrOn) {
    // maybeUpdateLastKnownLeader: kept from the moment the ISR empties until a leader is elected again.
    if (isr.length === 0 && p.isr.length > 0) lastKnownLeader = p.leader ?? p.lastKnownLeader;
    else if (leader !== null) lastKnownLeader = null;
  }
  const same = (a: readonly NodeId[], b: readonly NodeId[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (leader === p.leader && same(isr, p.isr) && same(elr, p.elr) && lastKnownLeader === p.lastKnownLeader) return null;
  return {
    state: {
      leader,
      leaderEpoch: leader !== p.leader ? p.leaderEpoch + 1 : p.leaderEpoch,
      isr,
      elr,
      lastKnownLeader,
      partitionEpoch: p.partitionEpoch + 1,
    },
    election,
  };
}
