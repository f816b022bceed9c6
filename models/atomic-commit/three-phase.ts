/**
 * Three-phase commit (Skeen, 1981) as usually taught: canCommit, preCommit, doCommit, with the timeouts
 * that let each side decide alone. Coordinator: votes not all in: abort; all yes: preCommit to everyone;
 * acks not all in by `ackTimeoutMs`: commit when a majority acked, else abort. Participant: voted yes and
 * no preCommit in time: abort; preCommitted and no doCommit in time: commit. Non-blocking with crashes
 * only; a partition lets the two sides time out into different outcomes.
 */
import type { Envelope, NodeContext, NodeFactory, TimerHandle } from '../../harness/index.js';
import type { ThreePhaseConfig } from './config.js';
import { emit } from './emit.js';
import type { CommitMessage, Outcome, OutcomeReply } from './messages.js';

interface Round {
  phase: 'voting' | 'pre-committed';
  replies: Set<string>;
  client: Envelope;
  timer: TimerHandle;
}

export class ThreePhaseCoordinator {
  readonly rounds = new Map<string, Round>();

  constructor(private readonly config: ThreePhaseConfig) {}

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as CommitMessage;
    if (m.type === 'begin') {
      emit(ctx, { kind: 'begin', txn: m.txn, participants: this.config.participants });
      const timer = ctx.setTimer(this.config.voteTimeoutMs, m.txn);
      this.rounds.set(m.txn, { phase: 'voting', replies: new Set(), client: msg, timer });
      for (const p of this.config.participants) ctx.send(p, { type: 'prepare', txn: m.txn, participants: this.config.participants });
      return;
    }
    const round = this.rounds.get(m.txn);
    if (round === undefined) return;
    if (m.type === 'vote' && round.phase === 'voting') {
      if (m.vote === 'no') return this.#decide(ctx, m.txn, 'abort', 'vote');
      round.replies.add(msg.from);
      if (round.replies.size < this.config.participants.length) return;
      ctx.cancelTimer(round.timer);
      this.rounds.set(m.txn, { ...round, phase: 'pre-committed', replies: new Set(), timer: ctx.setTimer(this.config.ackTimeoutMs, m.txn) });
      for (const p of this.config.participants) ctx.send(p, { type: 'pre-commit', txn: m.txn });
      ctx.point('3pc:pre-commit-sent', m.txn);
    } else if (m.type === 'pre-commit-ack' && round.phase === 'pre-committed') {
      round.replies.add(msg.from);
      if (round.replies.size === this.config.participants.length) this.#decide(ctx, m.txn, 'commit', 'acks');
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    const txn = timer.payload as string;
    const round = this.rounds.get(txn);
    if (round === undefined) return;
    if (round.phase === 'voting') return this.#decide(ctx, txn, 'abort', 'vote-timeout');
    // Acks missing: commit if a majority of the participants acknowledged the preCommit.
    const majority = round.replies.size * 2 > this.config.participants.length;
    this.#decide(ctx, txn, majority ? 'commit' : 'abort', 'ack-timeout');
  }

  #decide(ctx: NodeContext, txn: string, outcome: Outcome, how: string): void {
    const round = this.rounds.get(txn);
    if (round === undefined) return;
    this.rounds.delete(txn);
    ctx.cancelTimer(round.timer);
    emit(ctx, { kind: 'decide', txn, outcome, how });
    for (const p of this.config.participants) ctx.send(p, { type: 'decision', txn, outcome });
    ctx.reply(round.client, { outcome } satisfies OutcomeReply);
  }
}

type ParticipantState = { phase: 'waiting' | 'pre-committed' } | { phase: 'decided'; outcome: Outcome };

export class ThreePhaseParticipant {
  readonly txns = new Map<string, ParticipantState>();

  constructor(private readonly config: ThreePhaseConfig) {}

  init(ctx: NodeContext): void {
    // Recovery: an undecided transaction takes up the timeout of the state it was in.
    for (const e of ctx.storage.readLog('txlog') as ({ txn: string } & ParticipantState)[]) this.txns.set(e.txn, e);
    for (const [txn, s] of this.txns) if (s.phase !== 'decided') this.#arm(ctx, txn, s.phase);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as CommitMessage;
    const state = this.txns.get(m.txn);
    if (m.type === 'prepare') {
      if (state !== undefined) return;
      if (ctx.rng.chance(this.config.voteNoProbability)) {
        emit(ctx, { kind: 'vote', txn: m.txn, vote: 'no' });
        this.#decide(ctx, m.txn, 'abort', 'refused');
        ctx.send(msg.from, { type: 'vote', txn: m.txn, vote: 'no' });
        return;
      }
      this.#write(ctx, m.txn, { phase: 'waiting' });
      emit(ctx, { kind: 'vote', txn: m.txn, vote: 'yes' });
      ctx.send(msg.from, { type: 'vote', txn: m.txn, vote: 'yes' });
      this.#arm(ctx, m.txn, 'waiting');
    } else if (m.type === 'pre-commit' && state?.phase === 'waiting') {
      this.#write(ctx, m.txn, { phase: 'pre-committed' });
      ctx.send(msg.from, { type: 'pre-commit-ack', txn: m.txn });
      ctx.point('3pc:pre-committed', m.txn);
      this.#arm(ctx, m.txn, 'pre-committed');
    } else if (m.type === 'decision' && state !== undefined && state.phase !== 'decided') {
      this.#decide(ctx, m.txn, m.outcome, 'coordinator');
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    const { txn, phase } = timer.payload as { txn: string; phase: 'waiting' | 'pre-committed' };
    if (this.txns.get(txn)?.phase !== phase) return;
    // The rules that make 3PC non-blocking: uncertain aborts, pre-committed commits.
    if (phase === 'waiting') this.#decide(ctx, txn, 'abort', 'pre-commit-timeout');
    else {
      ctx.cover('3pc:committed-alone');
      this.#decide(ctx, txn, 'commit', 'do-commit-timeout');
    }
  }

  #arm(ctx: NodeContext, txn: string, phase: 'waiting' | 'pre-committed'): void {
    ctx.setTimer(phase === 'waiting' ? this.config.preCommitTimeoutMs : this.config.doCommitTimeoutMs, { txn, phase });
  }

  #decide(ctx: NodeContext, txn: string, outcome: Outcome, how: string): void {
    this.#write(ctx, txn, { phase: 'decided', outcome });
    emit(ctx, { kind: 'decide', txn, outcome, how });
  }

  #write(ctx: NodeContext, txn: string, state: ParticipantState): void {
    ctx.storage.append('txlog', { txn, ...state });
    ctx.storage.fsync();
    this.txns.set(txn, state);
  }
}

export function threePhaseCoordinator(config: ThreePhaseConfig): NodeFactory {
  return () => new ThreePhaseCoordinator(config);
}

export function threePhaseParticipant(config: ThreePhaseConfig): NodeFactory {
  return () => new ThreePhaseParticipant(config);
}
