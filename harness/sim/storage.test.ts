import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeStorage } from './storage.js';
import { Simulation } from './simulation.js';

test('unsynced set / delete / append / truncate are lost by a crash; synced ones survive', () => {
  const s = new NodeStorage();
  s.set('a', 1);
  s.set('gone', 'x');
  s.append('log', 'e1');
  s.append('log', 'e2');
  s.fsync();
  s.set('a', 9);
  s.set('b', 2);
  s.delete('gone');
  s.append('log', 'e3');
  s.truncate('log', 1);
  s.append('other', 'o1');
  // The node reads its own writes before the crash.
  assert.is(s.get('a'), 9);
  assert.is(s.get('gone'), undefined);
  assert.equal(s.readLog('log'), ['e1']);
  s.loseUnsynced();
  assert.is(s.get('a'), 1);
  assert.is(s.get('b'), undefined);
  assert.is(s.get('gone'), 'x');
  assert.equal(s.readLog('log'), ['e1', 'e2']);
  assert.equal(s.readLog('other'), []);
  assert.is(s.fsyncCount, 1);
});

test('synced delete and truncate are durable; values are copied on write', () => {
  const s = new NodeStorage();
  const v = { n: 1 };
  s.set('v', v);
  s.append('log', v);
  s.append('log', 2);
  s.append('log', 3);
  s.fsync();
  v.n = 99;
  assert.equal(s.get('v'), { n: 1 });
  assert.equal(s.readLog('log')[0], { n: 1 });
  s.delete('v');
  s.truncate('log', 1);
  s.fsync();
  s.loseUnsynced();
  assert.is(s.get('v'), undefined);
  assert.equal(s.readLog('log'), [{ n: 1 }]);
  assert.is(s.logLength('log'), 1);
});

test('simulation: a crash loses unsynced writes; the restarted node sees only what was synced', async () => {
  const seenAtInit: unknown[] = [];
  const sim = new Simulation({
    seed: 1,
    servers: [{
      id: 'n1',
      factory: () => ({
        init(ctx) {
          const s = ctx.storage;
          seenAtInit.push({ inc: ctx.incarnation, a: s.get('a'), b: s.get('b'), log: [...s.readLog('log')] });
          if (ctx.incarnation > 1) return;
          s.set('a', 1);
          s.append('log', 'e1');
          s.append('log', 'e2');
          s.fsync();
          ctx.setTimer(5);
        },
        onMessage() {},
        onTimer(ctx) {
          ctx.storage.set('a', 2);
          ctx.storage.set('b', 2);
          ctx.storage.append('log', 'e3');
          ctx.storage.truncate('log', 1);
        },
      }),
    }],
  });
  sim.schedule({ atUs: 10_000, label: 'crash', apply: (t) => t.crash('n1') });
  sim.schedule({ atUs: 20_000, label: 'restart', apply: (t) => t.restart('n1') });
  await sim.run();
  assert.equal(seenAtInit, [
    { inc: 1, a: undefined, b: undefined, log: [] },
    { inc: 2, a: 1, b: undefined, log: ['e1', 'e2'] },
  ]);
  assert.is(sim.stats().fsyncs, 1);
});

test.run();
