import { commitEventLine, type CommitEventBody, type NodeContext } from '../../harness/index.js';

/** Reports a commit event for the checkers (a log line; changes nothing in the run). */
export function emit(ctx: NodeContext, event: CommitEventBody): void {
  ctx.log(commitEventLine(event));
}
