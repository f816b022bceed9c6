/**
 * TCC hygiene at the end of a run: every reservation a try made was confirmed or cancelled (none left
 * frozen, as a try that lands after its transaction's cancel leaves one: "suspension"), and every
 * confirm or cancel the coordinator set out to deliver was acknowledged (a cancel a participant keeps
 * refusing, as one without the empty-rollback guard refuses a cancel with no try, never is).
 */
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { CommitEvent, Outcome } from './events.js';

export interface ReservationLeftAnomaly extends AnomalyLocus {
  kind: 'reservation-left';
  txn: string;
  participant: string;
  amount: number;
  reservedUs: number;
  /** When the participant had already cancelled the transaction before this try took effect (suspension). */
  cancelledBeforeUs: number | null;
}

export interface BranchUnfinishedAnomaly extends AnomalyLocus {
  kind: 'branch-unfinished';
  txn: string;
  participant: string;
  outcome: Outcome;
  startUs: number;
}

const MAX_ANOMALIES = 20;

export function checkReservations(events: readonly CommitEvent[], endUs: number): CheckResult {
  const open = new Map<string, { txn: string; participant: string; amount: number; reservedUs: number }>();
  const cancelled = new Map<string, number>();
  const branches = new Map<string, { txn: string; participant: string; outcome: Outcome; startUs: number }>();
  let reservations = 0;
  let branchCount = 0;
  for (const e of events) {
    const key = (participant: string) => `${e.txn}\u0000${participant}`;
    if (e.kind === 'reserve') {
      reservations++;
      open.set(key(e.node), { txn: e.txn, participant: e.node, amount: e.amount, reservedUs: e.timeUs });
    } else if (e.kind === 'release') open.delete(key(e.node));
    else if (e.kind === 'decide' && e.outcome === 'abort' && !cancelled.has(key(e.node))) cancelled.set(key(e.node), e.timeUs);
    else if (e.kind === 'branch-start' && !branches.has(key(e.participant))) {
      branchCount++;
      branches.set(key(e.participant), { txn: e.txn, participant: e.participant, outcome: e.outcome, startUs: e.timeUs });
    } else if (e.kind === 'branch-done') branches.delete(key(e.participant));
  }
  const anomalies: (ReservationLeftAnomaly | BranchUnfinishedAnomaly)[] = [];
  for (const [key, r] of open) {
    const before = cancelled.get(key);
    const cancelledBeforeUs = before !== undefined && before <= r.reservedUs ? before : null;
    anomalies.push({ kind: 'reservation-left', ...r, cancelledBeforeUs, fromUs: r.reservedUs, toUs: endUs, nodes: [r.participant] });
  }
  for (const b of branches.values()) anomalies.push({ kind: 'branch-unfinished', ...b, fromUs: b.startUs, toUs: endUs, nodes: [b.participant] });
  anomalies.sort((a, b) => a.fromUs - b.fromUs);
  const stats = {
    reservations, left: open.size, suspended: anomalies.filter((a) => a.kind === 'reservation-left' && a.cancelledBeforeUs !== null).length,
    branches: branchCount, unfinished: branches.size,
  };
  const first = anomalies[0];
  if (first === undefined) {
    return { valid: true, explanation: `${reservations} reservations all confirmed or cancelled; ${branchCount} confirm/cancel branches all acknowledged`, anomalies: [], stats };
  }
  const what = first.kind === 'reservation-left'
    ? `${first.participant} still holds ${first.amount} reserved for ${first.txn} since ${ms(first.reservedUs)} ms` +
      (first.cancelledBeforeUs !== null ? `, a try that took effect after it had cancelled the transaction at ${ms(first.cancelledBeforeUs)} ms (suspension)` : '')
    : `the ${first.outcome === 'commit' ? 'confirm' : 'cancel'} of ${first.txn} on ${first.participant}, started at ${ms(first.startUs)} ms, was never acknowledged`;
  return { valid: false, explanation: `${open.size} reservation(s) left, ${branches.size} branch(es) unfinished at the end; first: ${what}`, anomalies: anomalies.slice(0, MAX_ANOMALIES), stats };
}
