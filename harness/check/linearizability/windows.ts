import type { LinOp } from './ops.js';

/** A run of consecutive operations (partition op ids, in call order) with no determinate op open at its edges. */
export interface Window {
  index: number;
  ops: number[];
}

/**
 * Cuts the history where every determinate operation invoked so far has returned. Indeterminate ops never
 * return, so they do not block a cut: they are carried into later windows as pending ops, together with the
 * set of possible end states. Small windows are merged until each has at least `minOps` operations.
 */
export function cutWindows(ops: readonly LinOp[], minOps: number): Window[] {
  const windows: Window[] = [];
  let current: number[] = [];
  let maxRet = -Infinity;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (current.length >= minOps && maxRet < op.callPos) {
      windows.push({ index: windows.length, ops: current });
      current = [];
    }
    current.push(i);
    if (!op.indeterminate && op.retPos > maxRet) maxRet = op.retPos;
  }
  if (current.length > 0 || windows.length === 0) windows.push({ index: windows.length, ops: current });
  return windows;
}
