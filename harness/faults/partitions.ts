/**
 * Partition shapes as pure functions from an ordered list of nodes to a grudge. The order decides the
 * sides (so a schedule that records `nodes` can rebuild and check its grudge); `randomPartition`
 * shuffles first. Grudges come out canonical: only deaf nodes as keys, everything in `nodes` order.
 */
import type { Grudge, NodeId, PartitionFault, PartitionShape } from './types.js';
import { shuffle, type RandomFn } from './random.js';

/** The smallest node count each shape makes sense for. */
export const MIN_NODES: Readonly<Record<PartitionShape, number>> = {
  halves: 2,
  isolate: 2,
  'one-way': 2,
  bridge: 3,
  'majority-ring': 3,
  custom: 0,
};

/** Builds a canonical grudge: `a` is deaf to `b` when `hears(a, b)` is false. */
function fromHears(nodes: readonly NodeId[], hears: (a: NodeId, b: NodeId) => boolean): Grudge {
  const grudge: Grudge = {};
  for (const a of nodes) {
    const deaf = nodes.filter((b) => b !== a && !hears(a, b));
    if (deaf.length > 0) grudge[a] = deaf;
  }
  return grudge;
}

function requireNodes(shape: PartitionShape, nodes: readonly NodeId[]): void {
  if (nodes.length < MIN_NODES[shape]) {
    throw new Error(`partition ${shape} needs at least ${MIN_NODES[shape]} nodes, got ${nodes.length}`);
  }
  if (new Set(nodes).size !== nodes.length) throw new Error(`partition ${shape}: duplicate node in [${nodes.join(',')}]`);
}

/** A two-way cut: nobody in `a` hears anybody in `b`, and the other way round. */
export function cut(a: readonly NodeId[], b: readonly NodeId[]): Grudge {
  const inA = new Set(a);
  const inB = new Set(b);
  return fromHears([...a, ...b], (x, y) => !((inA.has(x) && inB.has(y)) || (inB.has(x) && inA.has(y))));
}

/** A one-way cut: nobody in `deaf` hears anybody in `from`; `from` still hears `deaf`. */
export function deafTo(deaf: readonly NodeId[], from: readonly NodeId[]): Grudge {
  const isDeaf = new Set(deaf);
  const isFrom = new Set(from);
  return fromHears([...deaf, ...from], (x, y) => !(isDeaf.has(x) && isFrom.has(y)));
}

/** The first floor(n/2) nodes (the minority) against the rest. */
export function halves(nodes: readonly NodeId[]): Grudge {
  requireNodes('halves', nodes);
  const k = Math.floor(nodes.length / 2);
  return cut(nodes.slice(0, k), nodes.slice(k));
}

/** The first node alone against the rest. */
export function isolate(nodes: readonly NodeId[]): Grudge {
  requireNodes('isolate', nodes);
  return cut(nodes.slice(0, 1), nodes.slice(1));
}

/** Two halves that cannot hear each other, and the middle node of `nodes` hearing (and heard by) both. */
export function bridge(nodes: readonly NodeId[]): Grudge {
  requireNodes('bridge', nodes);
  const k = Math.floor((nodes.length - 1) / 2);
  return cut(nodes.slice(0, k), nodes.slice(k + 1));
}

/** The node `bridge` leaves connected to both sides. */
export function bridgeNode(nodes: readonly NodeId[]): NodeId | undefined {
  return nodes[Math.floor((nodes.length - 1) / 2)];
}

/** The first floor(n/2) nodes hear nothing from the rest, who still hear them. */
export function oneWay(nodes: readonly NodeId[]): Grudge {
  requireNodes('one-way', nodes);
  const k = Math.floor(nodes.length / 2);
  return deafTo(nodes.slice(0, k), nodes.slice(k));
}

/**
 * Jepsen's majorities ring: nodes sit on a ring in `nodes` order and each hears a majority of
 * neighbours around itself, so every node sees a majority but no two see the same one. Where a
 * symmetric window would cover the whole ring (3 nodes), each node hears itself and the next
 * floor(n/2) nodes instead, which is asymmetric but keeps the majorities distinct.
 */
export function majorityRing(nodes: readonly NodeId[]): Grudge {
  requireNodes('majority-ring', nodes);
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  const radius = Math.ceil((majority - 1) / 2);
  const index = new Map(nodes.map((id, i) => [id, i]));
  const symmetric = 2 * radius + 1 < n;
  return fromHears(nodes, (a, b) => {
    const d = ((index.get(b) ?? 0) - (index.get(a) ?? 0) + n) % n;
    return symmetric ? Math.min(d, n - d) <= radius : d < majority;
  });
}

/** The grudge of any shape but `custom`, which has no rule to rebuild from. */
export function shapeGrudge(shape: Exclude<PartitionShape, 'custom'>, nodes: readonly NodeId[]): Grudge {
  switch (shape) {
    case 'halves':
      return halves(nodes);
    case 'isolate':
      return isolate(nodes);
    case 'bridge':
      return bridge(nodes);
    case 'one-way':
      return oneWay(nodes);
    case 'majority-ring':
      return majorityRing(nodes);
  }
}

/** A partition fault of a rule-based shape, over `nodes` in the given order. */
export function partitionFault(at: number, shape: Exclude<PartitionShape, 'custom'>, nodes: readonly NodeId[]): PartitionFault {
  return { at, kind: 'partition', shape, nodes: [...nodes], grudge: shapeGrudge(shape, nodes) };
}

/** The same shape over a random order of `nodes` (a random split, a random isolated node, ...). */
export function randomPartition(
  at: number,
  shape: Exclude<PartitionShape, 'custom'>,
  nodes: readonly NodeId[],
  rng: RandomFn,
): PartitionFault {
  return partitionFault(at, shape, shuffle(rng, nodes));
}

/** A partition with a hand-written grudge; `nodes` lists every node it names, in order of appearance. */
export function customPartition(at: number, grudge: Readonly<Record<NodeId, readonly NodeId[]>>): PartitionFault {
  const nodes: NodeId[] = [];
  const seen = new Set<NodeId>();
  const note = (id: NodeId): void => {
    if (!seen.has(id)) {
      seen.add(id);
      nodes.push(id);
    }
  };
  const copy: Grudge = {};
  for (const [a, deaf] of Object.entries(grudge)) {
    note(a);
    deaf.forEach(note);
    if (deaf.length > 0) copy[a] = [...deaf];
  }
  return { at, kind: 'partition', shape: 'custom', nodes, grudge: copy };
}

/** Whether two grudges cut the same links (order and empty entries do not matter). */
export function sameGrudge(a: Readonly<Record<NodeId, readonly NodeId[]>>, b: Readonly<Record<NodeId, readonly NodeId[]>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = new Set(a[key] ?? []);
    const y = new Set(b[key] ?? []);
    if (x.size !== y.size) return false;
    for (const id of x) if (!y.has(id)) return false;
  }
  return true;
}

/** Whether `a` hears messages from `b` under `grudge`. */
export function hears(grudge: Readonly<Record<NodeId, readonly NodeId[]>>, a: NodeId, b: NodeId): boolean {
  return !(grudge[a] ?? []).includes(b);
}
