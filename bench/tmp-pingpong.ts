import { Simulation } from '../harness/sim/index.js';
import type { NodeBehavior } from '../harness/sim/index.js';
const ids = ['n1','n2','n3','n4','n5'];
const factory = (id: string): NodeBehavior => ({
  init(ctx) { if (id === 'n1') for (const p of ids) if (p !== id) ctx.send(p, { type: 'ping', n: 0 }); },
  onMessage(ctx, m) { const b = m.body as {type:string;n:number}; ctx.send(m.from, { type: b.type === 'ping' ? 'pong' : 'ping', n: b.n + 1 }); },
});
for (let r = 0; r < 3; r++) {
const sim = new Simulation({ seed: 1, servers: ids.map(id => ({ id, factory })), link: { latencyMs: 1, jitterMs: 0.5 }, maxEvents: 2_000_000 });
const t0 = performance.now();
const why = await sim.run();
const ms = performance.now() - t0;
console.log(why, sim.events, sim.traceHash(), (sim.events / ms * 1000 / 1e6).toFixed(2), 'M ev/s', (sim.nowUs/1000/ms).toFixed(0), 'x realtime');
}
