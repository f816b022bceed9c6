/**
 * What atomic-commit models report for the checkers. Servers (coordinators, participants) write one log
 * line per event, `commit-event {json}`; clients note the outcome they were told (`commit-outcome`). The
 * line's or note's true time and node complete the event. Observation only: nothing reads them in a run.
 */
import type { LogLine, Note } from '../../sim/simulation.js';

export const COMMIT_EVENT_LOG = 'commit-event ';
export const COMMIT_OUTCOME_NOTE = 'commit-outcome';

export type Outcome = 'commit' | 'abort';

/** An event as a model reports it (without time and node). */
export type CommitEventBody =
  /** The coordinator (2PC, 3PC) or the initiator (TCC) started `txn` over `participants`. */
  | { kind: 'begin'; txn: string; participants: string[] }
  /** A participant voted (2PC, 3PC) or answered a try (TCC: yes = resources reserved). */
  | { kind: 'vote'; txn: string; vote: 'yes' | 'no' }
  /** A participant entered the uncertain state: voted yes and may no longer decide alone (2PC). */
  | { kind: 'in-doubt'; txn: string }
  /** A node decided; `how` names the rule (told by the coordinator, a timeout, a peer, recovery). */
  | { kind: 'decide'; txn: string; outcome: Outcome; how: string }
  /** TCC: a participant froze `amount` for `txn` (a try took effect). */
  | { kind: 'reserve'; txn: string; amount: number }
  /** TCC: a participant released its reservation for `txn` by confirming or cancelling it. */
  | { kind: 'release'; txn: string; how: 'confirm' | 'cancel' }
  /** TCC: the coordinator set out to confirm or cancel `txn` on `participant`, and heard it done. */
  | { kind: 'branch-start'; txn: string; participant: string; outcome: Outcome }
  | { kind: 'branch-done'; txn: string; participant: string };

export type CommitEvent = CommitEventBody & { timeUs: number; node: string };

/** The line a server logs for `event`. */
export function commitEventLine(event: CommitEventBody): string {
  return `${COMMIT_EVENT_LOG}${JSON.stringify(event)}`;
}

/** Events from a run's log lines and client notes, in time order (a client's outcome is a `decide` of how `told`). */
export function commitEvents(logs: readonly LogLine[], notes: readonly Note[]): CommitEvent[] {
  const out: CommitEvent[] = [];
  for (const l of logs) {
    if (!l.message.startsWith(COMMIT_EVENT_LOG)) continue;
    out.push({ ...(JSON.parse(l.message.slice(COMMIT_EVENT_LOG.length)) as CommitEventBody), timeUs: l.timeUs, node: l.node });
  }
  for (const n of notes) {
    if (n.kind !== COMMIT_OUTCOME_NOTE) continue;
    const { txn, outcome } = n.data as { txn: string; outcome: Outcome };
    out.push({ kind: 'decide', txn, outcome, how: 'told', timeUs: n.timeUs, node: n.node });
  }
  return out.sort((a, b) => a.timeUs - b.timeUs);
}
