/**
 * A cache node: an in-memory key-value map that answers only for the keys the ring gives it in the view
 * its agent last pushed. Each change of the set of keys it serves is logged (`routing-serving`), each view
 * it adopts too (`routing-view`, with every key's owner), and each request it answers (`routing-served`):
 * the single-owner checker reads them. A view with an older epoch than ours (a reordered or stale push)
 * is ignored. Keys newly ours wait `handoffMs` (for their old owners to hear of the change); leased
 * (config.leaseMs set), a push also renews the lease. A timer re-evaluates when a handoff or the lease
 * runs out.
 */
import { routingServedLine, routingServingLine, routingViewLine, type Envelope, type NodeContext, type NodeFactory, type TimerHandle } from '../../harness/index.js';
import type { KvReply, KvRequest, RoutingConfig, ViewPush } from './config.js';
import { HashRing } from './ring.js';

export class CacheNode {
  view: { epoch: number; members: string[] } | null = null;
  /** Our keys in the view. */
  owned: string[] = [];
  /** Keys ours in the view, and from when (monotonic ms) we may serve each. */
  readonly servableFrom = new Map<string, number>();
  leaseUntil = -Infinity;
  /** The keys served now, as last logged. */
  serving: string[] = [];
  readonly #store = new Map<string, number>();
  #timer: TimerHandle | null = null;

  constructor(private readonly config: RoutingConfig) {}

  onMessage(ctx: NodeContext, msg: Envelope): void {
    const body = msg.body as ViewPush | KvRequest;
    if (body.type === 'routing-view') {
      this.#adopt(ctx, body);
      ctx.reply(msg, { ok: true });
    } else if (body.type === 'kv') ctx.reply(msg, this.#serve(ctx, body, msg.from));
  }

  onTimer(ctx: NodeContext): void {
    this.#timer = null;
    this.#refresh(ctx);
  }

  #adopt(ctx: NodeContext, push: ViewPush): void {
    if (this.view !== null && push.epoch < this.view.epoch) return;
    const now = ctx.monotonicNow();
    if (this.view === null || push.epoch > this.view.epoch) {
      const ring = new HashRing(push.members, this.config.vnodes);
      const owners = this.config.keys.map((k) => ring.ownerOf(k) ?? '');
      this.owned = this.config.keys.filter((_, i) => owners[i] === ctx.id);
      if (this.view !== null) ctx.cover('routing:view-changed');
      this.view = { epoch: push.epoch, members: [...push.members] };
      ctx.log(routingViewLine(push.epoch, push.members, owners));
    }
    // After a lapse we may have missed views in which our keys were someone else's: every key waits again.
    if (now >= this.leaseUntil) this.servableFrom.clear();
    for (const key of [...this.servableFrom.keys()]) if (!this.owned.includes(key)) this.servableFrom.delete(key);
    for (const key of this.owned) if (!this.servableFrom.has(key)) this.servableFrom.set(key, now + this.config.handoffMs);
    this.leaseUntil = push.leaseMs === null ? Infinity : Math.max(this.leaseUntil, now + push.leaseMs);
    this.#refresh(ctx);
  }

  #serve(ctx: NodeContext, req: KvRequest, client: string): KvReply {
    this.#refresh(ctx);
    if (this.serving.includes(req.key)) {
      if (req.op === 'put') this.#store.set(req.key, req.value ?? 0);
      ctx.log(routingServedLine(req.key, client));
      return { status: 'ok', value: req.op === 'put' ? (req.value ?? 0) : (this.#store.get(req.key) ?? null) };
    }
    if (this.view !== null && !this.owned.includes(req.key)) return { status: 'moved', epoch: this.view.epoch, members: this.view.members };
    return { status: 'unavailable' };
  }

  /** Recomputes the served keys at this instant; logs a change; wakes up at the next lease or handoff deadline. */
  #refresh(ctx: NodeContext): void {
    const now = ctx.monotonicNow();
    const leased = now < this.leaseUntil;
    const serving = leased ? this.config.keys.filter((k) => (this.servableFrom.get(k) ?? Infinity) <= now) : [];
    if (serving.join() !== this.serving.join()) {
      if (!leased && this.serving.length > 0) ctx.cover('routing:lease-expired');
      this.serving = serving;
      ctx.log(routingServingLine(this.view?.epoch ?? -1, serving));
      // Dropped keys are no longer ours: a later owner's writes must not meet our stale copies if they come back.
      for (const key of [...this.#store.keys()]) if (!serving.includes(key)) this.#store.delete(key);
    }
    const deadlines = [this.leaseUntil, ...this.servableFrom.values()].filter((t) => t > now && t !== Infinity);
    if (this.#timer !== null) ctx.cancelTimer(this.#timer);
    // At least a microsecond (the kernel's resolution): a timer rounded down to before its deadline sets another.
    this.#timer = deadlines.length > 0 ? ctx.setTimer(Math.max(Math.min(...deadlines) - now, 0.001)) : null;
  }
}

export function cacheNode(config: RoutingConfig): NodeFactory {
  return () => new CacheNode(config);
}
