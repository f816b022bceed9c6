/** A FaultTarget that records every call, for tests of compile and the generators. */
import type { FaultTarget, LinkParams, NodeId } from '../sim/types.js';
import { allNodes, type Topology } from './types.js';

export class RecordingTarget implements FaultTarget {
  readonly serverIds: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  readonly calls: string[] = [];
  readonly wallOffsetMs = new Map<NodeId, number>();
  readonly #known: Set<NodeId>;

  constructor(topology: Topology) {
    this.serverIds = topology.servers;
    this.clientIds = topology.clients;
    this.#known = new Set(allNodes(topology));
  }

  #check(id: NodeId | '*'): void {
    if (id !== '*' && !this.#known.has(id)) throw new Error(`unknown node ${id}`);
  }

  setGrudge(grudge: Readonly<Record<NodeId, readonly NodeId[]>>): void {
    this.calls.push(`setGrudge ${JSON.stringify(grudge)}`);
  }
  heal(): void {
    this.calls.push('heal');
  }
  crash(id: NodeId): void {
    this.#check(id);
    this.calls.push(`crash ${id}`);
  }
  restart(id: NodeId): void {
    this.#check(id);
    this.calls.push(`restart ${id}`);
  }
  pause(id: NodeId): void {
    this.#check(id);
    this.calls.push(`pause ${id}`);
  }
  resume(id: NodeId): void {
    this.#check(id);
    this.calls.push(`resume ${id}`);
  }
  setClockDrift(id: NodeId, ppm: number): void {
    this.#check(id);
    this.calls.push(`drift ${id} ${ppm}`);
  }
  jumpClock(id: NodeId, deltaMs: number): void {
    this.#check(id);
    this.wallOffsetMs.set(id, (this.wallOffsetMs.get(id) ?? 0) + deltaMs);
    this.calls.push(`jump ${id} ${deltaMs}`);
  }
  setLink(from: NodeId | '*', to: NodeId | '*', params: Partial<LinkParams>): void {
    this.#check(from);
    this.#check(to);
    this.calls.push(`link ${from}->${to} ${JSON.stringify(params)}`);
  }
  resetLinks(): void {
    this.calls.push('resetLinks');
  }
}
