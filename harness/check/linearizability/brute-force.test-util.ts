import type { History } from '../../history/types.js';
import type { AnyModel } from './model.js';
import { toLinOps } from './ops.js';

/**
 * The tests' oracle: whether some order of the ops that respects real time is legal for the model, by trying
 * every one (indeterminate ops may also never take effect). Exponential: for histories of a few ops.
 */
export function bruteForceLinearizable(h: History, model: AnyModel): boolean {
  const ops = toLinOps(h, model);
  const used = new Array<boolean>(ops.length).fill(false);
  const go = (state: unknown): boolean => {
    if (ops.every((o, i) => used[i] || o.indeterminate)) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      const o = ops[i]!;
      // i may go next only if no unused op returned before i was invoked (an indeterminate op never returned)
      if (ops.some((p, j) => !used[j] && j !== i && p.retPos < o.callPos)) continue;
      const r = model.step(state, o.call, o.output);
      if (!r.ok) continue;
      used[i] = true;
      const found = go(r.state);
      used[i] = false;
      if (found) return true;
    }
    return false;
  };
  return go(model.init());
}
