import type { History } from '../../history/types.js';

/** P-compositionality by `Op.key`: one sub-history per key (in first-seen order); keyless ops form one group. */
export function partitionByKey(history: History): History[] {
  const groups = new Map<string | undefined, History>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i]!;
    let g = groups.get(op.key);
    if (g === undefined) groups.set(op.key, (g = []));
    g.push(op);
  }
  return [...groups.values()];
}
