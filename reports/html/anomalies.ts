/**
 * Which history operations a checker's anomalies point at, so the timeline can highlight them.
 * Linearizability anomalies (`kind: 'non-linearizable'`) name a window, a minimal clashing set and the
 * longest linearizable prefix; any other checker is read generically: numeric `ackIndex`, `readIndex`,
 * `index`, `opIndex`, `invokeIndex`, `completionIndex` fields and numeric arrays `ops`, `minimalOps`,
 * `indices`, `window.ops` name history indices.
 */
import type { CheckerVerdict } from '../../harness/run/run-once.js';
import { formatValue } from '../escape.js';

export interface ViolationRefs {
  checker: string;
  explanation: string;
  /** Longer story (the linearizability checker's, or a summary of the anomalies). */
  story: string;
  /** History indices to highlight strongly (the minimal clashing set, lost acks and reads). */
  ops: number[];
  /** History indices of the surrounding window (weaker highlight). */
  window: number[];
  /** Longest linearizable prefix, in linearization order. */
  prefix: number[];
}

const INDEX_FIELDS = ['ackIndex', 'readIndex', 'index', 'opIndex', 'invokeIndex', 'completionIndex'] as const;
const LIST_FIELDS = ['ops', 'minimalOps', 'indices'] as const;
/** Anomalies summarised in the story; the rest are counted. */
const STORY_ANOMALIES_MAX = 5;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function indices(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x >= 0) : [];
}

export function violationRefs(check: CheckerVerdict): ViolationRefs {
  const ops = new Set<number>();
  const window = new Set<number>();
  let prefix: number[] = [];
  const stories: string[] = [];
  const generic: string[] = [];
  for (const a of check.anomalies) {
    if (!isRecord(a)) {
      generic.push(formatValue(a));
      continue;
    }
    if (a['kind'] === 'non-linearizable') {
      const win = isRecord(a['window']) ? indices(a['window']['ops']) : [];
      for (const i of win) window.add(i);
      const minimal = indices(a['minimalOps']);
      for (const i of minimal.length > 0 ? minimal : win) ops.add(i);
      if (prefix.length === 0) prefix = indices(a['longestPrefix']);
      if (typeof a['story'] === 'string') stories.push(a['story']);
      continue;
    }
    for (const field of INDEX_FIELDS) {
      const v = a[field];
      if (Number.isInteger(v) && (v as number) >= 0) ops.add(v as number);
    }
    for (const field of LIST_FIELDS) for (const i of indices(a[field])) ops.add(i);
    if (isRecord(a['window'])) for (const i of indices(a['window']['ops'])) window.add(i);
    generic.push(typeof a['story'] === 'string' ? a['story'] : formatValue(a, 400));
  }
  if (generic.length > 0) {
    const shown = generic.slice(0, STORY_ANOMALIES_MAX).map((g) => `  - ${g}`);
    if (generic.length > STORY_ANOMALIES_MAX) shown.push(`  … and ${generic.length - STORY_ANOMALIES_MAX} more`);
    stories.push(`${generic.length} ${generic.length === 1 ? 'anomaly' : 'anomalies'}:\n${shown.join('\n')}`);
  }
  return {
    checker: check.checker,
    explanation: check.explanation,
    story: stories.join('\n\n'),
    ops: [...ops].sort((x, y) => x - y),
    window: [...window].sort((x, y) => x - y),
    prefix,
  };
}
