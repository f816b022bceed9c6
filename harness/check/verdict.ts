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
