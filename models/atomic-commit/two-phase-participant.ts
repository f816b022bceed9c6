/**
 * A 2PC participant. Before it votes it may refuse (and abort on its own); a yes vote is forced to its
 * log first, and from then on it is in doubt: it may neither commit nor abort until it learns the outcome,
 * however long that takes (the blocking of 2PC). In doubt, it asks the coordinator every
 * `inDoubtRetryMs`, and with `cooperativeTermination` the other participants too.
 */
import type { Envelope, NodeContext, NodeFactory, TimerHandle } from '../../harness/index.js';
import type { TwoPhaseConfig } from './config.js';
import { emit } from './emit.js';
import type { CommitMessage, Outcome } from './messages.js';

const TXLOG = 'txlog';

type State = { phase: 'prepared'; participants: string[] } | { phase: 'decided'; outcome: Outcome };
type LogEntry = { txn: string } & State;

export class TwoPhaseParticipant {
  /** Every transaction this participant voted on or decided, rebuilt from its log after a restart. */
  readonly txns = new Map<string, State>();

  constructor(private readonly config: TwoPhaseConfig) {}

  init(ctx: NodeContext): void {
    for (const e of ctx.storage.readLog(TXLOG) as LogEntry[]) this.txns.set(e.txn, e.phase === 'prepared' ? { phase: 'prepared', participants: e.participants } : { phase: 'decided', outcome: e.outcome });
    for (const [txn, s] of this.txns) if (s.phase === 'prepared') ctx.setTimer(this.config.inDoubtRetryMs, txn);
  }

  /** Transactions this participant is in doubt about. */
  inDoubt(): string[] {
    return [...this.txns].filter(([, s]) => s.phase === 'prepared').map(([txn]) => txn);
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as CommitMessage;
    const state = this.txns.get(m.txn);
    switch (m.type) {
      case 'prepare': {
        if (state !== undefined) {
          // A repeated prepare: the same answer (an earlier abort, a refusal, or yes).
          ctx.send(msg.from, { type: 'vote', txn: m.txn, vote: state.phase === 'prepared' || state.outcome === 'commit' ? 'yes' : 'no' });
          return;
        }
        if (ctx.rng.chance(this.config.voteNoProbability)) {
          this.#decide(ctx, m.txn, 'abort', 'refused');
          emit(ctx, { kind: 'vote', txn: m.txn, vote: 'no' });
          ctx.send(msg.from, { type: 'vote', txn: m.txn, vote: 'no' });
          return;
        }
        // Force the prepared record before the yes vote leaves: a restart must still be in doubt.
        this.#write(ctx, { txn: m.txn, phase: 'prepared', participants: m.participants });
        emit(ctx, { kind: 'vote', txn: m.txn, vote: 'yes' });
        emit(ctx, { kind: 'in-doubt', txn: m.txn });
        ctx.send(msg.from, { type: 'vote', txn: m.txn, vote: 'yes' });
        ctx.point('2pc:prepared', m.txn);
        ctx.setTimer(this.config.inDoubtRetryMs, m.txn);
        return;
      }
      case 'decision': {
        const how = msg.from === this.config.coordinator ? 'coordinator' : 'peer';
        if (state?.phase !== 'decided') this.#decide(ctx, m.txn, m.outcome, how);
        if (msg.from === this.config.coordinator) ctx.send(msg.from, { type: 'ack', txn: m.txn });
        return;
      }
      case 'decision-request': {
        if (state === undefined && this.config.cooperativeTermination) {
          // Never voted: it may still abort on its own, and then answer.
          this.#decide(ctx, m.txn, 'abort', 'cooperative');
          ctx.send(msg.from, { type: 'decision', txn: m.txn, outcome: 'abort' });
        } else if (state?.phase === 'decided') ctx.send(msg.from, { type: 'decision', txn: m.txn, outcome: state.outcome });
        return;
      }
      default:
        return;
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    const txn = timer.payload as string;
    const state = this.txns.get(txn);
    if (state?.phase !== 'prepared') return;
    ctx.cover('2pc:in-doubt-asked');
    ctx.send(this.config.coordinator, { type: 'decision-request', txn });
    if (this.config.cooperativeTermination) for (const p of state.participants) if (p !== ctx.id) ctx.send(p, { type: 'decision-request', txn });
    ctx.setTimer(this.config.inDoubtRetryMs, txn);
  }

  #decide(ctx: NodeContext, txn: string, outcome: Outcome, how: string): void {
    this.#write(ctx, { txn, phase: 'decided', outcome });
    emit(ctx, { kind: 'decide', txn, outcome, how });
  }

  #write(ctx: NodeContext, entry: LogEntry): void {
    ctx.storage.append(TXLOG, entry);
    ctx.storage.fsync();
    this.txns.set(entry.txn, entry.phase === 'prepared' ? { phase: 'prepared', participants: entry.participants } : { phase: 'decided', outcome: entry.outcome });
  }
}

export function twoPhaseParticipant(config: TwoPhaseConfig): NodeFactory {
  return () => new TwoPhaseParticipant(config);
}
