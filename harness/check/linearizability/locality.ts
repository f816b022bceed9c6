import type { History, Op } from '../../history/types.js';
import type { AnyModel, Call } from './model.js';

/** A sub-history the search checks on its own, and what the reports call it. */
export interface Component {
  history: History;
  label: string;
}

/**
 * The history split into sub-histories that can be checked one by one: the model's own `partition`, else
 * connected components of footprints (locality, below), else the whole history.
 */
export function components(history: History, model: AnyModel): Component[] {
  if (model.partition !== undefined) {
    const parts = model.partition(history);
    return parts.map((part, p) => ({
      history: part,
      label: parts.length === 1 ? 'all' : part[0]?.key !== undefined ? `key ${JSON.stringify(part[0].key)}` : `partition ${p}`,
    }));
  }
  if (model.footprint !== undefined) return byFootprint(history, model.footprint.bind(model));
  return [{ history, label: 'all' }];
}

/**
 * Locality (Herlihy & Wing), generalised to footprints: ops whose footprints are disjoint commute, so the
 * history is linearizable iff each connected component of ops linked by a shared footprint part is. Union-find
 * over footprint parts; an op with several parts joins their components. One op without a footprint touches
 * everything: the history stays one component. An op with an empty footprint is a component of its own.
 */
function byFootprint(history: History, footprint: (call: Call) => readonly string[] | undefined): Component[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  /** Per invoke, a part of its footprint (null: empty footprint); completions follow their invoke. */
  const rep = new Map<Op, string | null>();
  const invokeOf = new Map<number, Op>();
  for (const op of history) {
    if (op.type !== 'invoke') continue;
    const call: Call = { f: op.f, value: op.value, process: op.process };
    if (op.key !== undefined) call.key = op.key;
    const parts = footprint(call);
    if (parts === undefined) return [{ history, label: 'all' }];
    for (const t of parts) if (!parent.has(t)) parent.set(t, t);
    for (let k = 1; k < parts.length; k++) {
      const a = find(parts[0]!);
      const b = find(parts[k]!);
      if (a !== b) parent.set(b, a);
    }
    rep.set(op, parts[0] ?? null);
  }
  const groups = new Map<unknown, History>();
  for (const op of history) {
    let inv = op;
    if (op.type === 'invoke') invokeOf.set(op.process, op);
    else inv = invokeOf.get(op.process) ?? op; // checkShape has already rejected completions without an invoke
    const r = rep.get(inv);
    const group = r === undefined || r === null ? inv : find(r);
    let g = groups.get(group);
    if (g === undefined) groups.set(group, (g = []));
    g.push(op);
  }
  const partsOf = new Map<string, string[]>();
  for (const t of parent.keys()) {
    const root = find(t);
    const list = partsOf.get(root);
    if (list === undefined) partsOf.set(root, [t]);
    else list.push(t);
  }
  if (groups.size === 1) return [{ history, label: 'all' }];
  return [...groups].map(([group, part]) => {
    const parts = typeof group === 'string' ? partsOf.get(group)! : [];
    const names = parts.map((t) => JSON.stringify(t)).join(', ');
    return { history: part, label: parts.length === 0 ? `op ${part[0]!.index}` : `${parts.length === 1 ? 'key' : 'keys'} ${names}` };
  });
}

/**
 * One linearization of the whole history from the components' (invoke indices, each in its component's
 * order). Each op gets a point inside its interval: the latest invoke position among it and the ops before it
 * in its component (every earlier op was invoked before this one returned, or the component's order would
 * break real time). Merging by point keeps real time across components (a returned before b was invoked puts
 * a's point before b's) and each component's order; ops of different components commute, so it is legal.
 */
export function mergeLinearizations(history: History, orders: readonly (readonly number[])[]): number[] {
  const callPos = new Map<number, number>();
  history.forEach((op, pos) => {
    if (op.type === 'invoke') callPos.set(op.index, pos);
  });
  const points: { op: number; point: number; component: number; rank: number }[] = [];
  orders.forEach((order, component) => {
    let point = -1;
    order.forEach((op, rank) => {
      point = Math.max(point, callPos.get(op)!);
      points.push({ op, point, component, rank });
    });
  });
  points.sort((a, b) => a.point - b.point || a.component - b.component || a.rank - b.rank);
  return points.map((p) => p.op);
}
