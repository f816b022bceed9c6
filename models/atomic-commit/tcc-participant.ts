/**
 * A TCC participant (an account): try freezes an amount, confirm spends it, cancel releases it. Confirm
 * and cancel are idempotent. The two guards of TCC practice (Seata's "TCC fence") are named options:
 * `emptyRollbackGuard` (a cancel that finds no try succeeds) and `suspensionGuard` (that cancel leaves a
 * record, and a try arriving after it is refused, instead of reserving for a transaction already over).
 */
import type { Envelope, NodeContext, NodeFactory } from '../../harness/index.js';
import type { TccConfig } from './config.js';
import { emit } from './emit.js';
import type { TccMessage } from './messages.js';

const BRANCHES = 'branches';

type Branch = { state: 'tried' | 'confirmed' | 'cancelled'; amount: number };

export class TccParticipant {
  readonly branches = new Map<string, Branch>();

  constructor(private readonly config: TccConfig) {}

  init(ctx: NodeContext): void {
    for (const e of ctx.storage.readLog(BRANCHES) as ({ txn: string } & Branch)[]) this.branches.set(e.txn, { state: e.state, amount: e.amount });
  }

  /** The amount still frozen, per transaction. */
  frozen(): Map<string, number> {
    return new Map([...this.branches].filter(([, b]) => b.state === 'tried').map(([txn, b]) => [txn, b.amount]));
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as TccMessage;
    if (m.type !== 'try' && m.type !== 'confirm' && m.type !== 'cancel') return;
    const answer = (ok: boolean) => ctx.reply(msg, { type: 'branch-result', txn: m.txn, ok } satisfies TccMessage);
    const branch = this.branches.get(m.txn);
    if (m.type === 'try') {
      if (branch !== undefined) {
        // Idempotent; a cancelled branch (also the suspension guard's record) refuses the try.
        if (branch.state === 'cancelled') ctx.cover('tcc:try-refused-after-cancel');
        return answer(branch.state !== 'cancelled');
      }
      if (ctx.rng.chance(this.config.refuseProbability)) {
        emit(ctx, { kind: 'vote', txn: m.txn, vote: 'no' });
        return answer(false);
      }
      this.#write(ctx, m.txn, { state: 'tried', amount: m.amount });
      emit(ctx, { kind: 'vote', txn: m.txn, vote: 'yes' });
      emit(ctx, { kind: 'reserve', txn: m.txn, amount: m.amount });
      return answer(true);
    }
    if (m.type === 'confirm') {
      if (branch?.state === 'tried') {
        this.#write(ctx, m.txn, { state: 'confirmed', amount: branch.amount });
        emit(ctx, { kind: 'release', txn: m.txn, how: 'confirm' });
        emit(ctx, { kind: 'decide', txn: m.txn, outcome: 'commit', how: 'confirm' });
      }
      return answer(branch !== undefined && branch.state !== 'cancelled');
    }
    if (branch?.state === 'tried') {
      this.#write(ctx, m.txn, { state: 'cancelled', amount: branch.amount });
      emit(ctx, { kind: 'release', txn: m.txn, how: 'cancel' });
      emit(ctx, { kind: 'decide', txn: m.txn, outcome: 'abort', how: 'cancel' });
      return answer(true);
    }
    if (branch !== undefined) return answer(branch.state === 'cancelled');
    // An empty rollback: cancel before (or without) any try.
    ctx.cover('tcc:empty-rollback');
    if (this.config.suspensionGuard) this.#write(ctx, m.txn, { state: 'cancelled', amount: 0 });
    if (this.config.emptyRollbackGuard) emit(ctx, { kind: 'decide', txn: m.txn, outcome: 'abort', how: 'empty-rollback' });
    answer(this.config.emptyRollbackGuard);
  }

  #write(ctx: NodeContext, txn: string, branch: Branch): void {
    ctx.storage.append(BRANCHES, { txn, ...branch });
    ctx.storage.fsync();
    this.branches.set(txn, branch);
  }
}

export function tccParticipant(config: TccConfig): NodeFactory {
  return () => new TccParticipant(config);
}
