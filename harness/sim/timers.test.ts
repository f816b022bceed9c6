import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from './rng.js';
import { Simulation } from './simulation.js';
import type { NodeContext, NodeFactory, TimerHandle } from './types.js';

/**
 * Timer bookkeeping under churn: recycled events and per-endpoint timer lists must never let a cancelled
 * timer fire, fire a timer twice, lose one, or fire it before its monotonic deadline, whatever mix of
 * drift changes, pauses and crashes surrounds them.
 */
interface Armed { deadlineMs: number; cancelled: boolean; fired: number; incarnation: number }

test('timers fire once, never when cancelled, never early: churn with drift, pauses, crashes and messages', async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const armed = new Map<string, Armed>();
    const violations: string[] = [];
    const incarnation = new Map<string, number>();
    const factory: NodeFactory = (id) => {
      const mine: TimerHandle[] = [];
      let n = 0;
      const arm = (ctx: NodeContext) => {
        const key = `${id}/${ctx.incarnation}/${n++}`;
        const delay = ctx.rng.int(0, 40);
        armed.set(key, { deadlineMs: ctx.monotonicNow() + delay, cancelled: false, fired: 0, incarnation: ctx.incarnation });
        mine.push(ctx.setTimer(delay, key));
      };
      return {
        init(ctx) {
          incarnation.set(id, ctx.incarnation);
          for (let i = 0; i < 4; i++) arm(ctx);
        },
        onMessage(ctx) { if (ctx.rng.chance(0.2) && mine.length < 20) arm(ctx); },
        onTimer(ctx, timer) {
          const key = timer.payload as string;
          const a = armed.get(key);
          if (a === undefined) { violations.push(`unknown timer ${key}`); return; }
          a.fired++;
          if (a.cancelled) violations.push(`${key} fired after cancel`);
          if (a.fired > 1) violations.push(`${key} fired ${a.fired} times`);
          if (ctx.monotonicNow() + 1e-3 < a.deadlineMs) violations.push(`${key} fired early: ${ctx.monotonicNow()} < ${a.deadlineMs}`);
          // Churn: cancel a random pending timer, arm new ones, talk to a peer.
          const victim = mine.length > 0 ? mine.splice(ctx.rng.int(0, mine.length - 1), 1)[0] : undefined;
          if (victim !== undefined) {
            const v = armed.get(victim.payload as string);
            if (v !== undefined && v.fired === 0) v.cancelled = true;
            ctx.cancelTimer(victim);
          }
          // One new timer per firing keeps the population steady (the cancel above takes one away).
          if (ctx.monotonicNow() < 2_000) arm(ctx);
          ctx.send(ctx.rng.pick(ctx.peers), 'ping');
        },
      };
    };
    const ids = ['a', 'b', 'c'];
    const sim = new Simulation({ seed, fifo: seed % 2 === 0, servers: ids.map((id) => ({ id, factory })) });
    const rng = new Rng(seed, 'test-faults');
    for (let at = 50_000; at < 2_000_000; at += rng.int(20_000, 120_000)) {
      const node = rng.pick(ids);
      const roll = rng.next();
      if (roll < 0.4) sim.schedule({ atUs: at, label: `drift ${node}`, apply: (t) => t.setClockDrift(node, rng.int(-200_000, 200_000)) });
      else if (roll < 0.7) {
        sim.schedule({ atUs: at, label: `pause ${node}`, apply: (t) => t.pause(node) });
        sim.schedule({ atUs: at + 15_000, label: `resume ${node}`, apply: (t) => t.resume(node) });
      } else {
        sim.schedule({ atUs: at, label: `restart ${node}`, apply: (t) => t.restart(node) });
      }
    }
    await sim.run(3_000);
    assert.equal(violations, [], `seed ${seed}`);
    // Every timer of a live incarnation that was not cancelled fired (the run outlasts every deadline).
    for (const [key, a] of armed) {
      const node = key.split('/')[0] as string;
      if (a.incarnation !== incarnation.get(node) || a.cancelled) continue;
      assert.is(a.fired, 1, `seed ${seed}: ${key} never fired`);
    }
    assert.ok(sim.stats().timersFired > 100, `seed ${seed}: churn too small (${sim.stats().timersFired} timers)`);
  }
});

test.run();
