/** Per allocator, the ranges it handed IDs out of, from its first to its last ID of each (red: a range another allocator used too). */
import type { ModelPanel, RunArtifacts } from '../../harness/index.js';
import { ID_ISSUED_NOTE } from '../../models/id-generator/index.js';

export function segmentPanel(run: RunArtifacts, allocators: readonly string[], step: number): ModelPanel {
  const issued = run.notes.filter((n) => n.kind === ID_ISSUED_NOTE).map((n) => ({ node: n.node, timeUs: n.timeUs, range: Math.floor((Number(n.data['id']) - 1) / step) }));
  const users = new Map<number, Set<string>>();
  for (const i of issued) users.set(i.range, (users.get(i.range) ?? new Set()).add(i.node));
  return {
    title: `Allocators: ID ranges of ${step} handed out from (red: a range two allocators used)`,
    rows: allocators.map((node) => {
      const segments: ModelPanel['rows'][number]['segments'] = [];
      for (const i of issued.filter((x) => x.node === node)) {
        const last = segments.at(-1);
        const text = `${i.range * step + 1}..${(i.range + 1) * step}`;
        if (last !== undefined && last.text === text) last.toUs = Math.max(i.timeUs, last.fromUs + 1);
        else segments.push({ fromUs: i.timeUs, toUs: i.timeUs + 1, text, tone: (users.get(i.range)?.size ?? 0) > 1 ? 'bad' : 'neutral' });
      }
      return { label: node, segments };
    }),
  };
}
