/**
 * The TCC transaction coordinator (Seata's TC): it records each global transaction, its branches (one per
 * participant, registered before the participant's try) and its outcome durably, then drives confirm
 * (commit) or cancel (rollback) on every registered branch, retrying every
 * `retryMs` until each answers success. A transaction its initiator does not end within
 * `globalTimeoutMs` is rolled back; after a restart, undecided ones are rolled back and decided ones resumed.
 */
import type { Envelope, NodeContext, NodeFactory, TimerHandle } from '../../harness/index.js';
import type { TccConfig } from './config.js';
import { emit } from './emit.js';
import type { Outcome, OutcomeReply, TccMessage } from './messages.js';

const GLOBAL_LOG = 'global';

interface Global {
  /** The registered branches. */
  participants: string[];
  outcome: Outcome | null;
  /** Participants whose confirm or cancel has not succeeded yet. */
  unfinished: Set<string>;
}

type LogEntry = { txn: string; begin: true } | { txn: string; branch: string } | { txn: string; outcome: Outcome };

export class TccCoordinator {
  readonly globals = new Map<string, Global>();

  constructor(private readonly config: TccConfig) {}

  init(ctx: NodeContext): void {
    for (const e of ctx.storage.readLog(GLOBAL_LOG) as LogEntry[]) {
      if ('begin' in e) this.globals.set(e.txn, { participants: [], outcome: null, unfinished: new Set() });
      const g = this.globals.get(e.txn);
      if (g !== undefined && 'branch' in e) g.participants.push(e.branch);
      if (g !== undefined && 'outcome' in e) g.outcome = e.outcome;
    }
    for (const [txn, g] of this.globals) {
      if (g.outcome === null) this.#decide(ctx, txn, 'abort', 'recovery');
      else g.unfinished = new Set(g.participants);
    }
    ctx.setTimer(this.config.retryMs, 'retry');
  }

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const m = msg.body as TccMessage;
    if (m.type === 'tcc-begin') {
      if (!this.globals.has(m.txn)) {
        this.#log(ctx, { txn: m.txn, begin: true });
        this.globals.set(m.txn, { participants: [], outcome: null, unfinished: new Set() });
        emit(ctx, { kind: 'begin', txn: m.txn, participants: m.participants });
        ctx.setTimer(this.config.globalTimeoutMs, { timeout: m.txn });
      }
      ctx.reply(msg, { ok: true });
    } else if (m.type === 'tcc-register') {
      const g = this.globals.get(m.txn);
      // A transaction already ended (its global timeout rolled it back) takes no more branches.
      const open = g !== undefined && g.outcome === null;
      if (open && !g.participants.includes(m.participant)) {
        this.#log(ctx, { txn: m.txn, branch: m.participant });
        g.participants.push(m.participant);
      }
      ctx.reply(msg, { ok: open });
    } else if (m.type === 'tcc-end') {
      const g = this.globals.get(m.txn);
      if (g === undefined) return; // never begun here: no answer, the initiator does not know
      // An outcome already decided (the global timeout rolled it back) stands.
      if (g.outcome === null) this.#decide(ctx, m.txn, m.outcome, 'initiator');
      ctx.reply(msg, { outcome: g.outcome ?? m.outcome } satisfies OutcomeReply);
    } else if (m.type === 'branch-result' && m.ok) {
      const g = this.globals.get(m.txn);
      if (g?.unfinished.delete(msg.from)) emit(ctx, { kind: 'branch-done', txn: m.txn, participant: msg.from });
    }
  }

  onTimer(ctx: NodeContext, timer: TimerHandle): void {
    if (timer.payload === 'retry') {
      for (const [txn, g] of this.globals) for (const p of g.unfinished) this.#drive(ctx, txn, g, p);
      ctx.setTimer(this.config.retryMs, 'retry');
      return;
    }
    const { timeout } = timer.payload as { timeout: string };
    if (this.globals.get(timeout)?.outcome === null) this.#decide(ctx, timeout, 'abort', 'global-timeout');
  }

  #decide(ctx: NodeContext, txn: string, outcome: Outcome, how: string): void {
    const g = this.globals.get(txn);
    if (g === undefined) return;
    this.#log(ctx, { txn, outcome });
    g.outcome = outcome;
    g.unfinished = new Set(g.participants);
    emit(ctx, { kind: 'decide', txn, outcome, how });
    for (const p of g.participants) {
      emit(ctx, { kind: 'branch-start', txn, participant: p, outcome });
      this.#drive(ctx, txn, g, p);
    }
  }

  #drive(ctx: NodeContext, txn: string, g: Global, participant: string): void {
    ctx.send(participant, { type: g.outcome === 'commit' ? 'confirm' : 'cancel', txn } satisfies TccMessage);
  }

  #log(ctx: NodeContext, entry: LogEntry): void {
    ctx.storage.append(GLOBAL_LOG, entry);
    ctx.storage.fsync();
  }
}

export function tccCoordinator(config: TccConfig): NodeFactory {
  return () => new TccCoordinator(config);
}
