/**
 * A client of 2PC or 3PC: submits one transaction at a time to the coordinator and records the outcome
 * it is told (history op `txn`; note `commit-outcome`). No answer in time: it does not know (info).
 */
import { COMMIT_OUTCOME_NOTE, type ClientWorkload } from '../../harness/index.js';
import type { CommitClientConfig } from './config.js';
import type { OutcomeReply } from './messages.js';

export function commitClient(config: CommitClientConfig): ClientWorkload {
  return async (ctx) => {
    let n = 0;
    while (!ctx.stopping) {
      const txn = `${ctx.id}#${++n}`;
      const op = ctx.invoke('txn', txn);
      const reply = await ctx.call<OutcomeReply>(config.coordinator, { type: 'begin', txn }, { timeoutMs: config.timeoutMs });
      if (reply.status === 'ok') {
        ctx.note(COMMIT_OUTCOME_NOTE, { txn, outcome: reply.body.outcome });
        op.ok(reply.body.outcome);
      } else op.info();
      await ctx.sleep(ctx.rng.int(config.thinkMs[0], config.thinkMs[1]));
    }
  };
}
