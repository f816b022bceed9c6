/** The common shape every checker returns (DESIGN.md, "Checkers"). */
export type Validity = true | false | 'unknown';

export interface CheckResult {
  valid: Validity;
  /** One line a person reads first. */
  explanation: string;
  /** Machine-readable findings (lost writes, overlapping holders, the non-linearizable window...). */
  anomalies: unknown[];
  stats?: Record<string, unknown>;
}

/**
 * Where an anomaly happened, carried on it so a report can open on it: the true-time window the violation
 * holds (µs) and the nodes (servers, clients) involved. Operations are named by the anomaly's own
 * history-index fields (ackIndex, ops, minimalOps...).
 */
export interface AnomalyLocus {
  fromUs: number;
  toUs: number;
  nodes: string[];
}

/** Microseconds as milliseconds with three decimals, as checker explanations print true time. */
export function ms(us: number): string {
  return (us / 1000).toFixed(3);
}
