import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { EventQueue, type Scheduled } from './event-queue.js';
import { Simulation } from './simulation.js';

interface Item extends Scheduled { tag: number }

const item = (timeUs: number, tag: number): Item => ({ timeUs, seq: -1, tag });

test('equal times pop in insertion order', () => {
  const q = new EventQueue<Item>();
  for (let tag = 0; tag < 50; tag++) q.push(item(tag % 3 === 0 ? 5 : 7, tag));
  const out: number[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.tag);
  const fives = out.slice(0, 17);
  const sevens = out.slice(17);
  assert.equal(fives, [...Array(50).keys()].filter((t) => t % 3 === 0));
  assert.equal(sevens, [...Array(50).keys()].filter((t) => t % 3 !== 0));
  assert.is(q.size, 0);
  assert.is(q.pop(), undefined);
  assert.is(q.peek(), undefined);
});

test('matches a stable sorted reference under random pushes and pops', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }),
      (ops) => {
        const q = new EventQueue<Item>();
        let ref: Item[] = [];
        let tag = 0;
        for (const op of ops) {
          if (op === -1) {
            // Reference: the earliest time, and among equals the first pushed (stable).
            let best = -1;
            for (let i = 0; i < ref.length; i++) {
              const r = ref[i] as Item;
              if (best === -1 || r.timeUs < (ref[best] as Item).timeUs) best = i;
            }
            const expected = best === -1 ? undefined : ref[best];
            if (best !== -1) ref = ref.filter((_, i) => i !== best);
            const got = q.pop();
            if (got?.tag !== expected?.tag) return false;
          } else {
            const e = item(op, tag++);
            q.push(e);
            ref.push(e);
          }
          if (q.size !== ref.length) return false;
        }
        // Drain: the rest comes out sorted by (time, insertion).
        const rest = [...ref].sort((a, b) => a.timeUs - b.timeUs || a.tag - b.tag).map((e) => e.tag);
        const drained: number[] = [];
        for (let e = q.pop(); e !== undefined; e = q.pop()) drained.push(e.tag);
        return JSON.stringify(rest) === JSON.stringify(drained);
      },
    ),
    { numRuns: 300, seed: 42 },
  );
});

test('simulation: timers and faults due at the same instant run in the order they were made', async () => {
  const order: string[] = [];
  const sim = new Simulation({
    seed: 1,
    servers: [{
      id: 'n1',
      factory: () => ({
        init(ctx) {
          for (const name of ['a', 'b', 'c', 'd']) ctx.setTimer(10, name);
        },
        onMessage() {},
        onTimer(_ctx, t) { order.push(String(t.payload)); },
      }),
    }],
  });
  for (const label of ['f1', 'f2', 'f3']) sim.schedule({ atUs: 20_000, label, apply: () => { order.push(label); } });
  await sim.run();
  assert.equal(order, ['a', 'b', 'c', 'd', 'f1', 'f2', 'f3']);
});

test.run();
