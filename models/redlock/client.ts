/**
 * A lock client workload: acquire, do a few units of work on the protected resource while the lock is
 * believed valid, release, think, repeat. It records `acquire`/`release` operations (mutex model), a
 * `lock-held` note at each grant (and extension) and a `lock-belief` note when it lets go (true times
 * over which it believed it held the lock, from its own monotonic clock; a client that crashes holding
 * the lock leaves only the first) and a `resource-write` note per critical-section write.
 */
import { type LockBelief, type LockHeld, LOCK_BELIEF, LOCK_HELD, type ClientContext, type ClientWorkload, type NodeId } from '../../harness/index.js';
import { writeResource } from './resource.js';
import type { Grant, LockService } from './service.js';

export interface LockClientConfig {
  lock: string;
  resource: NodeId;
  /** Send the grant's fencing token with each write. */
  fencing: boolean;
  writesPerSession: number;
  /**
   * Work done between checking the lock and writing its result. A process pause here outlives the lock
   * and the write lands anyway: the check is already stale (Kleppmann's GC-pause example).
   */
  workMs: number;
  writeTimeoutMs: number;
  /** Random delays (ms, from ctx.rng): between sessions, and before retrying a failed acquisition. */
  thinkMs: [number, number];
  retryMs: [number, number];
  /** Extend the lock when less than half the TTL is left. */
  extend: boolean;
}

export function lockClient(service: LockService, config: LockClientConfig): ClientWorkload {
  return async (ctx: ClientContext) => {
    let sessions = 0;
    let values = 0;
    const between = ([min, max]: [number, number]) => ctx.rng.int(min, max);
    while (!ctx.stopping) {
      const session = `${ctx.id}#${++sessions}`;
      const acquire = ctx.invoke('acquire', null, config.lock);
      const started = { us: ctx.trueNow() * 1000, mono: ctx.monotonicNow() };
      const grant = await service.acquire(ctx, config.lock, `${session}:${ctx.rng.int(0, 0x7fffffff)}`);
      if (grant === null) {
        acquire.fail();
        await ctx.sleep(between(config.retryMs));
        continue;
      }
      acquire.ok(grant.token);
      ctx.cover('lock-acquired');
      ctx.note(LOCK_HELD, { ...held(ctx, config.lock, session, grant, started) });
      for (let n = 0; n < config.writesPerSession; n++) {
        if (config.extend && grant.deadlineMono - ctx.monotonicNow() < service.ttlMs / 2 && (await service.extend(ctx, grant))) {
          ctx.note(LOCK_HELD, { ...held(ctx, config.lock, session, grant, started) }); // the later deadline
        }
        // Start a unit of work only if the lock outlasts it and the write's round trip.
        if (grant.deadlineMono - ctx.monotonicNow() < config.workMs + config.writeTimeoutMs) break;
        await ctx.sleep(config.workMs);
        await writeResource(ctx, {
          node: config.resource, lock: config.lock, session, acquiredUs: grant.grantedUs,
          token: config.fencing ? grant.token : null, value: values++, timeoutMs: config.writeTimeoutMs,
        }, 'resource-rejected-write');
      }
      const release = ctx.invoke('release', null, config.lock);
      ctx.note(LOCK_BELIEF, { ...belief(ctx, config.lock, session, grant) });
      service.release(ctx, grant);
      release.ok();
      await ctx.sleep(between(config.thinkMs));
    }
  };
}

/**
 * The belief as it begins (or is extended): until the deadline, its true time estimated at the rate the
 * monotonic clock ran at since the acquisition started: exact unless the drift changes before then.
 */
function held(ctx: ClientContext, lock: string, session: string, grant: Grant, started: { us: number; mono: number }): LockHeld {
  const nowUs = ctx.trueNow() * 1000;
  const nowMono = ctx.monotonicNow();
  const rate = nowMono > started.mono ? (nowUs - started.us) / (nowMono - started.mono) : 1000;
  const untilUs = Math.max(grant.grantedUs, Math.round(nowUs + (grant.deadlineMono - nowMono) * rate));
  return { lock, client: ctx.id, session, fromUs: grant.grantedUs, untilUs, token: grant.token };
}

/**
 * The true-time interval over which the client believed it held the lock: from the grant until it let
 * go, or until its monotonic clock passed the deadline, whichever came first. The deadline's true time
 * is interpolated between two (true, monotonic) readings; the monotonic clock is linear between them
 * unless its drift rate changed, an error of ppm x interval, far below the drift allowance.
 */
function belief(ctx: ClientContext, lock: string, session: string, grant: Grant): LockBelief {
  const endMono = ctx.monotonicNow();
  const endUs = Math.round(ctx.trueNow() * 1000);
  let toUs = endUs;
  if (endMono >= grant.deadlineMono) {
    const spanMono = endMono - grant.grantedMono;
    const rate = spanMono > 0 ? (endUs - grant.grantedUs) / spanMono : 1000;
    toUs = Math.min(endUs, Math.max(grant.grantedUs, Math.round(grant.grantedUs + (grant.deadlineMono - grant.grantedMono) * rate)));
  }
  return { lock, client: ctx.id, session, fromUs: grant.grantedUs, toUs, token: grant.token };
}
