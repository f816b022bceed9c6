/**
 * Turns a fault schedule (instants) into intervals the timeline can draw: partition -> heal (or a
 * partition that replaces it; others layer on top), crash -> restart, pause -> resume (a crash also ends a pause), drift ->
 * the next drift change, strobes for their duration, link changes -> link-reset; clock jumps are markers.
 */
import { describeAction, formatMs } from '../../harness/faults/describe.js';
import type { FaultSchedule, NodeId } from '../../harness/faults/types.js';

/** `network` bands belong on the shared network lane; the rest on the named node's lane. */
export type BandKind = 'partition' | 'cut' | 'crash' | 'pause' | 'drift' | 'strobe' | 'link';

export interface FaultBand {
  kind: BandKind;
  /** Node lane, or null for the network lane. */
  node: NodeId | null;
  fromUs: number;
  toUs: number;
  text: string;
  /** The schedule never closed it: it ends at the nemesis end (healed there) or the end of the run. */
  open: boolean;
}

export interface FaultMarker {
  kind: 'clock-jump';
  node: NodeId;
  atUs: number;
  text: string;
}

function setText(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

export function faultBands(schedule: FaultSchedule, closeUs: number): { bands: FaultBand[]; markers: FaultMarker[] } {
  const sorted = schedule.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map((x) => x.f);
  const bands: FaultBand[] = [];
  const markers: FaultMarker[] = [];
  const openPartition: FaultBand[] = [];
  const openLinks: FaultBand[] = [];
  const crashed = new Map<NodeId, FaultBand>();
  const paused = new Map<NodeId, FaultBand>();
  const drifting = new Map<NodeId, FaultBand>();
  const close = (band: FaultBand | undefined, atUs: number): void => {
    if (band === undefined) return;
    band.toUs = atUs;
    band.open = false;
  };
  const start = (band: Omit<FaultBand, 'toUs' | 'open'>): FaultBand => {
    const full: FaultBand = { ...band, toUs: closeUs, open: true };
    bands.push(full);
    return full;
  };
  for (const f of sorted) {
    switch (f.kind) {
      case 'partition':
      case 'heal': {
        // Partitions layer: only a heal or a replacing partition ends those in effect.
        if (f.kind === 'heal' || f.replace === true) for (const b of openPartition.splice(0)) close(b, f.at);
        if (f.kind === 'heal') break;
        openPartition.push(start({ kind: 'partition', node: null, fromUs: f.at, text: describeAction(f) }));
        for (const [node, deaf] of Object.entries(f.grudge)) {
          if (deaf.length === 0) continue;
          openPartition.push(start({ kind: 'cut', node, fromUs: f.at, text: `${node} cut off from ${setText(deaf)}` }));
        }
        break;
      }
      case 'crash':
        close(paused.get(f.node), f.at);
        paused.delete(f.node);
        if (!crashed.has(f.node)) crashed.set(f.node, start({ kind: 'crash', node: f.node, fromUs: f.at, text: `${f.node} down (crashed)` }));
        break;
      case 'restart':
        close(crashed.get(f.node), f.at);
        crashed.delete(f.node);
        break;
      case 'pause':
        if (!paused.has(f.node) && !crashed.has(f.node)) paused.set(f.node, start({ kind: 'pause', node: f.node, fromUs: f.at, text: `${f.node} paused` }));
        break;
      case 'resume':
        close(paused.get(f.node), f.at);
        paused.delete(f.node);
        break;
      case 'clock-drift':
        close(drifting.get(f.node), f.at);
        drifting.delete(f.node);
        if (f.ppm !== 0) drifting.set(f.node, start({ kind: 'drift', node: f.node, fromUs: f.at, text: describeAction(f) }));
        break;
      case 'clock-jump':
        markers.push({ kind: 'clock-jump', node: f.node, atUs: f.at, text: `clock ${f.deltaMs < 0 ? '-' : '+'}${formatMs(f.deltaMs)}` });
        break;
      case 'clock-strobe': {
        const band = start({ kind: 'strobe', node: f.node, fromUs: f.at, text: describeAction(f) });
        close(band, f.at + Math.round(f.durationMs * 1000));
        break;
      }
      case 'link':
        openLinks.push(start({ kind: 'link', node: null, fromUs: f.at, text: describeAction(f) }));
        break;
      case 'link-reset':
        for (const b of openLinks.splice(0)) close(b, f.at);
        break;
    }
  }
  return { bands, markers };
}
