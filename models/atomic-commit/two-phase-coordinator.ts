/**
 * The 2PC coordinator, presumed abort (Gray & Reuter; Mohan, Lindsay & Obermarck's R* variant): it
 * forces a commit record to its log before any participant hears commit, and logs nothing for aborts, so
 * after a crash a transaction it has no record of was aborted. Votes not all in by `voteTimeoutMs`:
 * abort. A decision is resent until every participant acknowledged it.
 */
import type { Envelope, NodeContext, NodeFactory, TimerHandle } from '../../harness/index.js';
import type { TwoPhaseConfig } from './config.js';
import { emit } from './emit.js';
import type { CommitMessage, Outcome, OutcomeReply } from './messages.js';

const DECISIONS = 'decisions';

interface Pending {
  votes: Set<string>;
  client: Envelope;
  timer: TimerHandle;
}

export class TwoPhaseCoordinator {
  /** Transactions collecting votes (volatile: lost in a crash, which presumes them aborted). */
  readonly pending = new Map<string, Pending>();
  /** Decided transactions this incarnation knows of; commits also come back from the log after a restart. */
  readonly decided = new Map<string, Outcome>();
  /** Participants that have not acknowledged a transaction's decision. */
  readonly unacked = new Map<string, Set<string>>();

  constructor(private readonly config: TwoPhaseConfig) {}

  init(ctx: NodeContext): void {
    // Recovery: every logged commit is redelivered; the rest are presumed aborted.
    const ended = new Set<string>();
    for (const e of ctx.storage.readLog(DECISIONS) as { txn: string; ended?: true }[]) if (e.ended) ended.add(e.txn);
    for (const e of ctx.storage.readLog(DECISIONS) as { txn: string; ended?: true }[]) {
      if (e.ended || ended.has(e.txn)) continue;
      this.decided.set(e.txn, 'commit');
      this.unacked.set(e.txn, new Set(this.config.participants));
      ctx.cover('2pc:coordinator-recovered-commit');
    }
    ctx.setTimer(this.config.resendMs, 'resend');
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as CommitMessage;
    switch (m.type) {
      case 'begin': {
        emit(ctx, { kind: 'begin', txn: m.txn, participants: this.config.participants });
        const timer = ctx.setTimer(this.config.voteTimeoutMs, { vote: m.txn });
        this.pending.set(m.txn, { votes: new Set(), client: msg, timer });
        for (const p of this.config.participants) ctx.send(p, { type: 'prepare', txn: m.txn, participants: this.config.participants });
        ctx.point('2pc:prepare-sent', m.txn);
        return;
      }
      case 'vote': {
        const p = this.pending.get(m.txn);
        if (p === undefined) return;
        if (m.vote === 'no') return this.#decide(ctx, m.txn, 'abort');
        p.votes.add(msg.from);
        if (p.votes.size === this.config.participants.length) this.#decide(ctx, m.txn, 'commit');
        return;
      }
      case 'ack': {
        const waiting = this.unacked.get(m.txn);
        waiting?.delete(msg.from);
        if (waiting?.size === 0) {
          this.unacked.delete(m.txn);
          // Lazily written: losing it only means resending a commit after a restart.
          if (this.decided.get(m.txn) === 'commit') ctx.storage.append(DECISIONS, { txn: m.txn, ended: true });
        }
        return;
      }
      case 'decision-request': {
        // Still collecting votes: no answer yet. Otherwise what was decided, or presumed abort.
        if (this.pending.has(m.txn)) return;
        ctx.send(msg.from, { type: 'decision', txn: m.txn, outcome: this.decided.get(m.txn) ?? 'abort' });
        return;
      }
      default:
        return;
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    if (timer.payload === 'resend') {
      for (const [txn, waiting] of this.unacked) for (const p of waiting) ctx.send(p, { type: 'decision', txn, outcome: this.decided.get(txn) ?? 'abort' });
      ctx.setTimer(this.config.resendMs, 'resend');
      return;
    }
    const { vote } = timer.payload as { vote: string };
    if (this.pending.has(vote)) this.#decide(ctx, vote, 'abort');
  }

  #decide(ctx: NodeContext, txn: string, outcome: Outcome): void {
    const p = this.pending.get(txn);
    if (p === undefined) return;
    this.pending.delete(txn);
    ctx.cancelTimer(p.timer);
    if (outcome === 'commit') {
      // Force the commit record before anyone hears commit: the rule presumed abort rests on.
      ctx.storage.append(DECISIONS, { txn });
      ctx.storage.fsync();
      ctx.point('2pc:commit-logged', txn);
    }
    this.decided.set(txn, outcome);
    emit(ctx, { kind: 'decide', txn, outcome, how: 'votes' });
    this.unacked.set(txn, new Set(this.config.participants));
    for (const q of this.config.participants) ctx.send(q, { type: 'decision', txn, outcome });
    ctx.reply(p.client, { outcome } satisfies OutcomeReply);
  }
}

export function twoPhaseCoordinator(config: TwoPhaseConfig): NodeFactory {
  return () => new TwoPhaseCoordinator(config);
}
