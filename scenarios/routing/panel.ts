/**
 * Per cache node, the keys it serves over time and under which membership epoch (red while another node
 * serves one of them too), with a mark at each view it adopts.
 */
import { checkSingleOwner, ownerships, servedRequests, servingChanges, servingEnd, viewAdoptions, type ModelPanel, type RunArtifacts, type TwoOwnersAnomaly } from '../../harness/index.js';

export function routingPanel(run: RunArtifacts, caches: readonly string[]): ModelPanel {
  const changes = servingChanges(run.sim.logs);
  const endOf = servingEnd(run);
  const overlaps = checkSingleOwner(ownerships(changes, endOf), servedRequests(run.sim.logs)).anomalies as TwoOwnersAnomaly[];
  const views = viewAdoptions(run.sim.logs);
  return {
    title: 'Cache nodes: keys served, by membership epoch (red: a key owned by two nodes at once, and asked for)',
    rows: caches.map((node) => {
      const mine = changes.filter((c) => c.node === node);
      const segments = mine.flatMap((c, i) => {
        const toUs = Math.min((mine[i + 1]?.timeUs ?? run.sim.nowUs), endOf(node, c.timeUs));
        if (c.keys.length === 0 || toUs <= c.timeUs) return [];
        const bad = overlaps.some((a) => a.nodes.includes(node) && a.fromUs < toUs && a.toUs > c.timeUs);
        return [{ fromUs: c.timeUs, toUs, text: `epoch ${c.epoch}: ${c.keys.length} keys`, tone: bad ? ('bad' as const) : ('neutral' as const) }];
      });
      const marks = views.filter((v) => v.node === node).map((v) => ({ atUs: v.timeUs, label: `view epoch ${v.epoch}: ${v.members.join(' ')}` }));
      return { label: node, segments, marks };
    }),
  };
}
