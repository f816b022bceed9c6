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
  /**
   * Operations (invoke indices) that cannot be linearized together from the window's start states, 1-minimal
   * among telling sets: removing any one makes the rest linearizable or leaves the last op's result
   * unexplained (a read without the write it read; see minimalIllegalSet).
   */
  minimalOps: number[];
  /** True when the minimisation ran out of budget before reaching a 1-minimal set. */
  minimalIsApproximate: boolean;
  /** Longest linearizable prefix found, as invoke indices in linearization order (for the HTML timeline). */
  longestPrefix: number[];
  /** States the model could be in when the window starts. */
  startStates: string[];
  story: string;
  /** The longest prefix replayed step by step, and where it got stuck (Porcupine's partial linearization). */
  partial?: PartialLinearization;
}

/** A partial linearization: each op's linearization point in order with the state after it, then what was tried next. */
export interface PartialLinearization {
  start: string;
  /** Invoke index of each linearized op, in linearization order, with the model state after it. */
  steps: { op: number; state: string }[];
  /**
   * The ops that could come next in real time (invoked before the first remaining op returned), each with what
   * the model says from the last state: `illegal`, or the state it leads to (from which the search found no way on).
   */
  candidates: { op: number; result: 'illegal' | string }[];
  /** The remaining op that returned first: it must be linearized next or before, and cannot be. */
  stuck: number | null;
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
