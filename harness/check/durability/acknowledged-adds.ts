import type { History } from '../../history/types.js';
import type { AnomalyLocus, CheckResult } from '../verdict.js';

/** The window is the add itself, invoke to acknowledgement: what was acknowledged and then lost. */
export interface LostAdd extends AnomalyLocus {
  value: unknown;
  /** Index of the `ok` completion that acknowledged the add. */
  ackIndex: number;
  /** Index of the final read that does not contain it. */
  readIndex: number;
}

/**
 * "No acknowledged write is lost" for a grow-only set: every value whose `add` was acknowledged (`ok`)
 * before the final read was invoked must be in the final read's result. The final read is the last
 * successful `read`; without one the verdict is unknown, because nothing was observed.
 */
export function checkAcknowledgedAdds(history: History): CheckResult {
  let finalRead = -1;
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i];
    if (op?.type === 'ok' && op.f === 'read') { finalRead = i; break; }
  }
  if (finalRead < 0) {
    return { valid: 'unknown', explanation: 'no successful final read, so nothing shows whether acknowledged adds survived', anomalies: [] };
  }
  const readOp = history[finalRead]!;
  if (!Array.isArray(readOp.value)) throw new Error(`history op ${finalRead}: a read must return an array of values`);
  const seen = new Set<unknown>(readOp.value);
  const readInvoke = findInvoke(history, finalRead);
  const lost: LostAdd[] = [];
  let acknowledged = 0;
  for (let i = 0; i < readInvoke; i++) {
    const op = history[i]!;
    if (op.type !== 'ok' || op.f !== 'add') continue;
    acknowledged++;
    if (!seen.has(op.value)) lost.push({ value: op.value, ackIndex: i, readIndex: finalRead, fromUs: history[findInvoke(history, i)]!.time, toUs: op.time, nodes: [] });
  }
  const stats = { acknowledged, finalReadSize: seen.size, lost: lost.length };
  if (lost.length === 0) {
    return { valid: true, explanation: `all ${acknowledged} acknowledged adds are in the final read`, anomalies: [], stats };
  }
  const sample = lost.slice(0, 5).map((l) => String(l.value)).join(', ');
  return {
    valid: false,
    explanation: `${lost.length} of ${acknowledged} acknowledged adds are missing from the final read (op ${finalRead}): ${sample}${lost.length > 5 ? ', …' : ''}`,
    anomalies: lost,
    stats,
  };
}

/** The invoke that a completion closes: the latest earlier invoke of the same process. */
function findInvoke(history: History, completion: number): number {
  const process = history[completion]!.process;
  for (let i = completion - 1; i >= 0; i--) {
    const op = history[i]!;
    if (op.process === process && op.type === 'invoke') return i;
  }
  throw new Error(`history op ${completion}: completion without an invoke from process ${process}`);
}
