import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../history/types.js';
import { checkLinearizability } from '../linearizability/check.js';
import type { AnyModel } from '../linearizability/model.js';
import { kvMapModel, kvModel } from './kv.js';

/** Deterministic PRNG so failures repeat. */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/**
 * Random concurrent kv histories over few keys and short values (so different append orders and puts
 * build equal strings, exercising the hash-consing), with gets that return a plausible or a wrong value.
 */
function randomHistory(seed: number): History {
  const r = rng(seed);
  const keys = ['a', 'b', 'c'].slice(0, 1 + Math.floor(r() * 3));
  const h: History = [];
  const open = new Map<number, { f: string; key: string; value: unknown }>();
  const model = new Map<string, string>();
  for (let step = 0; step < 24; step++) {
    const p = Math.floor(r() * 4);
    const cur = open.get(p);
    if (cur === undefined) {
      const key = keys[Math.floor(r() * keys.length)]!;
      const f = ['get', 'put', 'append'][Math.floor(r() * 3)]!;
      const value = f === 'get' ? null : ['', 'x', 'y', 'xy'][Math.floor(r() * 4)]!;
      open.set(p, { f, key, value });
      h.push({ index: h.length, process: p, type: 'invoke', f, key, value, time: h.length });
    } else {
      open.delete(p);
      const type = r() < 0.1 ? 'info' : 'ok';
      let value = cur.value;
      if (cur.f === 'put') model.set(cur.key, String(cur.value));
      if (cur.f === 'append') model.set(cur.key, (model.get(cur.key) ?? '') + String(cur.value));
      if (cur.f === 'get') value = r() < 0.8 ? (model.get(cur.key) ?? '') : ['', 'x', 'yx', 'xyx', null][Math.floor(r() * 5)]!;
      h.push({ index: h.length, process: p, type, f: cur.f, key: cur.key, value, time: h.length });
    }
  }
  return h;
}

/** The same model without its integer state space: the generic interning path, the reference semantics. */
const reference = (m: AnyModel): AnyModel => {
  const { space: _space, ...rest } = m;
  return rest as AnyModel;
};

for (const model of [kvModel, kvMapModel]) {
  test(`${model.name}: the fast state space agrees with the model on random histories`, () => {
    let bad = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const h = randomHistory(seed);
      const fast = checkLinearizability(h, model, { minimize: false }).valid;
      const slow = checkLinearizability(h, reference(model), { minimize: false }).valid;
      assert.is(fast, slow, `seed ${seed}`);
      if (fast === false) bad++;
    }
    assert.ok(bad > 20 && bad < 280, `a useful mix of verdicts (${bad} violations in 300)`);
  });
}

test.run();
