/**
 * Atomicity of distributed commit: every node that decides a transaction (participants, the coordinator,
 * the client told the outcome) decides the same, and a commit only follows a yes vote from every
 * participant (what a coordinator could have decided). For protocols whose participants block while in
 * doubt (2PC), how long each stayed blocked, as statistics.
 */
import { ms, type AnomalyLocus, type CheckResult } from '../verdict.js';
import type { CommitEvent, Outcome } from './events.js';

export interface Decision { node: string; how: string; atUs: number }

export interface DisagreementAnomaly extends AnomalyLocus {
  kind: 'disagreement';
  txn: string;
  commits: Decision[];
  aborts: Decision[];
}

export interface InvalidCommitAnomaly extends AnomalyLocus {
  kind: 'commit-without-yes-votes';
  txn: string;
  /** Participants with no yes vote before the first commit (all of them when the transaction never began). */
  missing: string[];
  first: Decision;
}

export type AtomicityAnomaly = DisagreementAnomaly | InvalidCommitAnomaly;

/** Most anomalies reported (the first ones in time); the counts in stats are exact. */
const MAX_ANOMALIES = 20;

interface Txn {
  participants: string[] | null;
  yesAtUs: Map<string, number>;
  decisions: Record<Outcome, Decision[]>;
}

/** `endUs`: the end of the run, where a participant still in doubt stops counting as blocked. */
export function checkAtomicity(events: readonly CommitEvent[], endUs: number): CheckResult {
  const txns = new Map<string, Txn>();
  const txn = (id: string): Txn => {
    let t = txns.get(id);
    if (t === undefined) txns.set(id, (t = { participants: null, yesAtUs: new Map(), decisions: { commit: [], abort: [] } }));
    return t;
  };
  const doubtSince = new Map<string, number>();
  const blockedUs: number[] = [];
  for (const e of events) {
    const t = txn(e.txn);
    if (e.kind === 'begin') t.participants = e.participants;
    else if (e.kind === 'vote' && e.vote === 'yes' && !t.yesAtUs.has(e.node)) t.yesAtUs.set(e.node, e.timeUs);
    else if (e.kind === 'in-doubt') doubtSince.set(`${e.txn}\u0000${e.node}`, e.timeUs);
    else if (e.kind === 'decide') {
      t.decisions[e.outcome].push({ node: e.node, how: e.how, atUs: e.timeUs });
      const key = `${e.txn}\u0000${e.node}`;
      const since = doubtSince.get(key);
      if (since !== undefined) {
        blockedUs.push(e.timeUs - since);
        doubtSince.delete(key);
      }
    }
  }
  const stillInDoubt = doubtSince.size;
  for (const since of doubtSince.values()) blockedUs.push(endUs - since);

  const anomalies: AtomicityAnomaly[] = [];
  let disagreements = 0;
  let invalidCommits = 0;
  let committed = 0;
  let aborted = 0;
  for (const [id, t] of txns) {
    const { commit, abort } = t.decisions;
    if (commit.length > 0 && abort.length === 0) committed++;
    if (abort.length > 0 && commit.length === 0) aborted++;
    if (commit.length > 0 && abort.length > 0) {
      disagreements++;
      const all = [...commit, ...abort];
      const fromUs = Math.max(commit[0]!.atUs, abort[0]!.atUs);
      if (anomalies.length < MAX_ANOMALIES) {
        anomalies.push({ kind: 'disagreement', txn: id, commits: commit, aborts: abort, fromUs, toUs: Math.max(...all.map((d) => d.atUs)), nodes: [...new Set(all.map((d) => d.node))] });
      }
    }
    const first = commit[0];
    if (first === undefined) continue;
    const missing = (t.participants ?? ['(the transaction never began)']).filter((p) => (t.yesAtUs.get(p) ?? Infinity) > first.atUs);
    if (missing.length > 0) {
      invalidCommits++;
      if (anomalies.length < MAX_ANOMALIES) anomalies.push({ kind: 'commit-without-yes-votes', txn: id, missing, first, fromUs: first.atUs, toUs: first.atUs, nodes: [first.node] });
    }
  }
  anomalies.sort((a, b) => a.fromUs - b.fromUs);
  const sorted = [...blockedUs].sort((a, b) => a - b);
  const stats = {
    txns: txns.size, committed, aborted, undecided: txns.size - committed - aborted - disagreements, disagreements, invalidCommits,
    inDoubt: blockedUs.length, stillInDoubt,
    blockedMaxMs: sorted.length === 0 ? 0 : sorted[sorted.length - 1]! / 1000,
    blockedMedianMs: sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]! / 1000,
    blockedTotalMs: sorted.reduce((s, us) => s + us, 0) / 1000,
  };
  const first = anomalies[0];
  if (first === undefined) {
    return { valid: true, explanation: `${txns.size} transactions (${committed} committed, ${aborted} aborted): every decision agrees and every commit had every yes vote`, anomalies: [], stats };
  }
  return { valid: false, explanation: `${disagreements + invalidCommits} atomicity violation(s); first: ${describe(first)}`, anomalies, stats };
}

function describe(a: AtomicityAnomaly): string {
  const who = (ds: Decision[]) => ds.map((d) => `${d.node} (${d.how}, ${ms(d.atUs)} ms)`).join(', ');
  if (a.kind === 'disagreement') return `${a.txn} committed at ${who(a.commits)} but aborted at ${who(a.aborts)}`;
  return `${a.txn} committed at ${a.first.node} (${a.first.how}, ${ms(a.first.atUs)} ms) without a yes vote from ${a.missing.join(', ')}`;
}
