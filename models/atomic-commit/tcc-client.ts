/**
 * A TCC initiator (Seata's TM with its business code): registers a global transaction with the
 * coordinator, then for each participant in turn registers a branch and calls try, and ends the
 * transaction: commit when every try
 * succeeded in time, else rollback. Tries go straight to the participants while confirm and cancel come
 * from the coordinator, over other connections: a slow try can arrive after its cancel.
 */
import { COMMIT_OUTCOME_NOTE, type ClientWorkload } from '../../harness/index.js';
import type { TccConfig } from './config.js';
import type { OutcomeReply, TccMessage } from './messages.js';

export function tccClient(config: TccConfig): ClientWorkload {
  return async (ctx) => {
    let n = 0;
    while (!ctx.stopping) {
      const txn = `${ctx.id}#${++n}`;
      const op = ctx.invoke('txn', txn);
      const begun = await ctx.call(config.coordinator, { type: 'tcc-begin', txn, participants: config.participants } satisfies TccMessage, { timeoutMs: config.coordinatorTimeoutMs });
      if (begun.status === 'ok') {
        let tried = true;
        for (const p of config.participants) {
          const registered = await ctx.call<{ ok: boolean }>(config.coordinator, { type: 'tcc-register', txn, participant: p } satisfies TccMessage, { timeoutMs: config.coordinatorTimeoutMs });
          if (registered.status !== 'ok' || !registered.body.ok) {
            tried = false;
            break;
          }
          const r = await ctx.call<{ ok: boolean }>(p, { type: 'try', txn, amount: ctx.rng.int(1, 10) } satisfies TccMessage, { timeoutMs: config.tryTimeoutMs });
          if (r.status !== 'ok' || !r.body.ok) {
            tried = false;
            break;
          }
        }
        const end = await ctx.call<OutcomeReply>(config.coordinator, { type: 'tcc-end', txn, outcome: tried ? 'commit' : 'abort' } satisfies TccMessage, { timeoutMs: config.coordinatorTimeoutMs });
        if (end.status === 'ok') {
          ctx.note(COMMIT_OUTCOME_NOTE, { txn, outcome: end.body.outcome });
          op.ok(end.body.outcome);
        } else op.info();
      } else op.info(); // the coordinator may have registered it: its global timeout rolls it back
      ctx.point('tcc:txn-ended', txn);
      await ctx.sleep(ctx.rng.int(config.thinkMs[0], config.thinkMs[1]));
    }
  };
}
