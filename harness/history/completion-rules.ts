/**
 * What a history's completions say. `invoke`, `ok` and `info` mean the same everywhere (`info`: the operation
 * may have taken effect at any time after its invoke, or never; an invoke without a completion is read the
 * same way). `fail` and a read of nil differ between the tools a history comes from.
 */
export interface CompletionRules {
  readonly name: 'jepsen' | 'faultline';
  /**
   * `did-not-happen`: the operation certainly did not take effect and nothing more is known, so failed
   * operations are removed before the search (Jepsen and Knossos). `observation`: a model that can read more
   * into it may (a failed cas saw a value other than its `from`, as in Porcupine's etcd logs and in
   * faultline's own clients); other models still drop it.
   */
  readonly fail: 'did-not-happen' | 'observation';
  /** Knossos's register models: a completed read of nil carries no value and is consistent with any state. */
  readonly nilReadIsUnknown: boolean;
}

/** Jepsen and Knossos histories (EDN, JSON lines). */
export const JEPSEN_RULES: CompletionRules = { name: 'jepsen', fail: 'did-not-happen', nilReadIsUnknown: true };

/** Histories faultline's simulator records, and Porcupine's formats (where a failed cas is an observation). */
export const FAULTLINE_RULES: CompletionRules = { name: 'faultline', fail: 'observation', nilReadIsUnknown: false };

/** The rules in words, for explanations. */
export function describeRules(rules: CompletionRules): string {
  const fail = rules.fail === 'did-not-happen'
    ? 'a fail did not happen (dropped before the search)'
    : 'a fail did not take effect, and a failed cas saw a value other than its from';
  const nil = rules.nilReadIsUnknown ? 'a completed read of nil is unknown (consistent with any value)' : 'a read of nil saw nil';
  return `${rules.name} completions: ${fail}; ${nil}; info may take effect at any time after its invoke, or never`;
}
