import type { LinkParams, NodeId } from './types.js';
import type { Rng } from './rng.js';

export const DEFAULT_LINK: LinkParams = { latencyMs: 1, jitterMs: 0.5, loss: 0, duplicate: 0, reorder: 0 };

export interface NetworkStats {
  sent: number;
  delivered: number;
  duplicated: number;
  dropped: { partition: number; loss: number; down: number; reset: number; stale: number };
}

/** Where and when a message will arrive; `copies` is 0 (lost), 1, or 2 (duplicated). */
export interface Transit {
  deliverAtUs: number;
  copies: number;
  duplicateAtUs: number;
  linkEpoch: number;
}

/** `transmit` fills one reused record instead of allocating per message (the hot path). */
function setTransit(t: Transit, deliverAtUs: number, copies: number, duplicateAtUs: number, linkEpoch: number): Transit {
  t.deliverAtUs = deliverAtUs;
  t.copies = copies;
  t.duplicateAtUs = duplicateAtUs;
  t.linkEpoch = linkEpoch;
  return t;
}

/**
 * Directed links between endpoints (servers and clients), indexed by integer position.
 * Partitions are a grudge matrix: `cut[to * n + from]` means `to` cannot hear `from`.
 * FIFO links model TCP: per-link delivery order equals send order, loss and duplication do not apply,
 * and a cut link or a crashed endpoint breaks the connection, so every message still in flight on it is lost
 * (its epoch moves on); message loss on a FIFO link also breaks the connection instead of leaving a gap.
 */
export class Network {
  readonly ids: readonly NodeId[];
  readonly fifo: boolean;
  readonly stats: NetworkStats = {
    sent: 0, delivered: 0, duplicated: 0,
    dropped: { partition: 0, loss: 0, down: 0, reset: 0, stale: 0 },
  };
  readonly #n: number;
  readonly #defaults: LinkParams;
  #links: LinkParams[];
  readonly #cut: Uint8Array;
  readonly #epoch: Uint32Array;
  readonly #lastDeliveryUs: Float64Array;
  readonly #rng: Rng;
  readonly #transit: Transit = { deliverAtUs: 0, copies: 0, duplicateAtUs: 0, linkEpoch: 0 };

  constructor(ids: readonly NodeId[], defaults: LinkParams, fifo: boolean, rng: Rng) {
    this.ids = ids;
    this.fifo = fifo;
    this.#n = ids.length;
    this.#defaults = defaults;
    this.#links = new Array<LinkParams>(this.#n * this.#n).fill(defaults);
    this.#cut = new Uint8Array(this.#n * this.#n);
    this.#epoch = new Uint32Array(this.#n * this.#n);
    this.#lastDeliveryUs = new Float64Array(this.#n * this.#n);
    this.#rng = rng;
  }

  /** Decides the fate of a message sent now on from -> to. The result is valid until the next call. */
  transmit(from: number, to: number, nowUs: number): Transit {
    const link = from * this.#n + to;
    const p = this.#links[link] as LinkParams;
    const rng = this.#rng;
    this.stats.sent++;
    let delayUs = Math.round((p.latencyMs + p.jitterMs * rng.next()) * 1000);
    if (this.fifo) {
      if (p.loss > 0 && rng.next() < p.loss) {
        this.#resetLink(link);
        this.stats.dropped.loss++;
        return setTransit(this.#transit, 0, 0, 0, 0);
      }
      // TCP: a message never overtakes an earlier one on the same connection.
      const at = Math.max(nowUs + delayUs, this.#lastDeliveryUs[link] as number);
      this.#lastDeliveryUs[link] = at;
      return setTransit(this.#transit, at, 1, 0, this.#epoch[link] as number);
    }
    if (p.loss > 0 && rng.next() < p.loss) {
      this.stats.dropped.loss++;
      return setTransit(this.#transit, 0, 0, 0, 0);
    }
    if (p.reorder > 0 && rng.next() < p.reorder) delayUs += Math.round(p.jitterMs * 10_000 * rng.next());
    let copies = 1;
    let duplicateAtUs = 0;
    if (p.duplicate > 0 && rng.next() < p.duplicate) {
      copies = 2;
      duplicateAtUs = nowUs + Math.round((p.latencyMs + p.jitterMs * 2 * rng.next()) * 1000);
      this.stats.duplicated++;
    }
    return setTransit(this.#transit, nowUs + delayUs, copies, duplicateAtUs, this.#epoch[link] as number);
  }

  /** Why a message that arrives now may not be handed over (counting the drop), or null if it may. */
  refusal(from: number, to: number, linkEpoch: number): 'partition' | 'reset' | null {
    if (this.#cut[to * this.#n + from] === 1) {
      this.stats.dropped.partition++;
      return 'partition';
    }
    if (this.fifo && this.#epoch[from * this.#n + to] !== linkEpoch) {
      this.stats.dropped.reset++;
      return 'reset';
    }
    return null;
  }

  setGrudge(grudge: ReadonlyMap<number, readonly number[]>): void {
    const next = new Uint8Array(this.#n * this.#n);
    for (const [to, froms] of grudge) for (const from of froms) if (from !== to) next[to * this.#n + from] = 1;
    for (let i = 0; i < next.length; i++) {
      if (next[i] === 1 && this.#cut[i] === 0) {
        // A newly cut link breaks the TCP connection in that direction.
        const to = Math.floor(i / this.#n);
        const from = i % this.#n;
        this.#resetLink(from * this.#n + to);
      }
    }
    this.#cut.set(next);
  }

  /** Breaks every connection to and from an endpoint (it crashed). */
  resetEndpoint(node: number): void {
    for (let other = 0; other < this.#n; other++) {
      this.#resetLink(node * this.#n + other);
      this.#resetLink(other * this.#n + node);
    }
  }

  /** A new connection: whatever was in flight is lost, and new messages need not queue behind it. */
  #resetLink(link: number): void {
    this.#epoch[link]!++;
    this.#lastDeliveryUs[link] = 0;
  }

  setLink(froms: readonly number[], tos: readonly number[], params: Partial<LinkParams>): void {
    for (const from of froms) {
      for (const to of tos) {
        const link = from * this.#n + to;
        this.#links[link] = { ...(this.#links[link] as LinkParams), ...params };
      }
    }
  }

  resetLinks(): void {
    this.#links = new Array<LinkParams>(this.#n * this.#n).fill(this.#defaults);
  }

  /** For reports: who cannot hear whom right now. */
  grudgeSnapshot(): Record<NodeId, NodeId[]> {
    const out: Record<NodeId, NodeId[]> = {};
    for (let to = 0; to < this.#n; to++) {
      const deaf: NodeId[] = [];
      for (let from = 0; from < this.#n; from++) if (this.#cut[to * this.#n + from] === 1) deaf.push(this.ids[from] as NodeId);
      if (deaf.length > 0) out[this.ids[to] as NodeId] = deaf;
    }
    return out;
  }
}
