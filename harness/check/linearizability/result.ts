/** What a linearizability check returns (the DESIGN.md checker shape). */
import type { Validity } from '../verdict.js';

export type Verdict = Validity;

export interface WindowRef {
  /** Partition label (the key, or `all`). */
  partition: string;
  index: number;
  /** History indices of the invokes in the window, in call order. */
  ops: number[];
}

export interface NonLinearizable {
  kind: 'non-linearizable';
  partition: string;
  window: WindowRef;
  /** A 1-minimal set of operations (invoke indices) that cannot be linearized together from the window's start states. */
  minimalOps: number[];
  /** True when the minimisation ran out of budget before reaching a 1-minimal set. */
  minimalIsApproximate: boolean;
  /** Longest linearizable prefix found, as invoke indices in linearization order (for the HTML timeline). */
  longestPrefix: number[];
  /** States the model could be in when the window starts. */
  startStates: string[];
  story: string;
}

export type CheckStats = {
  ops: number;
  partitions: number;
  windows: number;
  /** Memo entries summed over every window searched. */
  visited: number;
  /** Distinct model states interned. */
  states: number;
  ms: number;
};

export interface LinearizabilityResult {
  valid: Verdict;
  anomalies: NonLinearizable[];
  explanation: string;
  stats: CheckStats;
  /** When `valid` is `unknown`: which limit ran out and the window being worked on. */
  unknown?: { reason: 'time' | 'memory'; window: WindowRef };
  /** A witness linearization (invoke indices) per partition when `valid` is true. */
  linearization?: Record<string, number[]>;
}
