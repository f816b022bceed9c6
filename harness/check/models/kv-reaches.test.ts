/**
 * The kv spaces' StateSpace.reaches (a get can only see a value its key's value is a prefix of, until a put)
 * lets both searches refuse steps no linearization continues from. Verdicts must not change.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { checkLinearizability } from '../linearizability/check.js';
import { kvMapModel, kvModel } from './kv.js';
import { bruteForceLinearizable } from '../linearizability/brute-force.test-util.js';

type Row = [process: number, type: Op['type'], f: string, value: unknown];
const history = (rows: Row[]): History => rows.map(([process, type, f, value], index) => ({ index, process, type, f, key: 'k', value, time: index }));

/** The ops whose invocation index is in `kept`, and every op that did not complete ok or fail. */
function subHistory(h: History, kept: ReadonlySet<number>): History {
  const keep = new Set<number>();
  const open = new Map<number, number>();
  for (const op of h) {
    if (op.type === 'invoke') open.set(op.process, op.index);
    else {
      const start = open.get(op.process)!;
      if (kept.has(start) || op.type === 'info') keep.add(start).add(op.index);
    }
  }
  return h.filter((op) => keep.has(op.index) || (op.type === 'invoke' && ![...h].some((c) => c.index > op.index && c.process === op.process))).map((op, index) => ({ ...op, index, time: index }));
}

/** 24 appends at once, then a get of `seen`. */
function wide(seen: string): History {
  const rows: Row[] = [];
  for (let p = 0; p < 24; p++) rows.push([p, 'invoke', 'append', `v${p} `]);
  for (let p = 0; p < 24; p++) rows.push([p, 'ok', 'append', `v${p} `]);
  rows.push([99, 'invoke', 'get', null], [99, 'ok', 'get', seen]);
  return history(rows);
}

test('appends at once then a get: one order is followed, no other (a few hundred memo entries, not 24!)', () => {
  const order = Array.from({ length: 24 }, (_, k) => `v${(k * 7) % 24} `).join('');
  for (const model of [kvModel, kvMapModel]) {
    const ok = checkLinearizability(wide(order), model, { maxCacheEntries: 20_000 });
    assert.is(ok.valid, true, model.name);
    assert.ok(ok.stats.visited < 1000, `${ok.stats.visited} memo entries`);
    const bad = checkLinearizability(wide(`${order}v99 `), model, { maxCacheEntries: 20_000 });
    assert.is(bad.valid, false, model.name);
    assert.is(bad.anomalies[0]!.minimalIsApproximate, false);
  }
});

test('a put that may come first keeps every order open: a value only a put and appends after it make is seen', () => {
  // put "no" overlaps the appends "p" and "e"; the get sees "nope": put, then p, then e.
  const h = history([
    [0, 'invoke', 'append', 'x'],
    [0, 'ok', 'append', 'x'],
    [1, 'invoke', 'append', 'p'],
    [2, 'invoke', 'put', 'no'],
    [3, 'invoke', 'append', 'e'],
    [1, 'ok', 'append', 'p'],
    [3, 'ok', 'append', 'e'],
    [2, 'ok', 'put', 'no'],
    [4, 'invoke', 'get', null],
    [4, 'ok', 'get', 'nope'],
  ]);
  for (const model of [kvModel, kvMapModel]) {
    assert.is(checkLinearizability(h, model).valid, true, model.name);
    assert.is(checkLinearizability(h, model, { windows: true }).valid, true, `${model.name}, the bitset search`);
  }
});

const chunk = fc.constantFrom('a', 'b', 'ab', '');
const seenValue = fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'aab', 'abab', 'bab', 'abb');
const spec = fc.record({
  f: fc.constantFrom('get', 'get', 'put', 'append', 'append'),
  arg: chunk,
  seen: seenValue,
  end: fc.constantFrom<Op['type']>('ok', 'ok', 'ok', 'info'),
});

/** Up to 7 ops on one key, each its own process, invoked and completed in a random interleaving. */
const smallKvHistory = fc
  .array(spec, { maxLength: 7 })
  .chain((specs) => fc.shuffledSubarray(specs.flatMap((_, i) => [2 * i, 2 * i + 1]), { minLength: specs.length * 2, maxLength: specs.length * 2 }).map((order) => ({ specs, order })))
  .map(({ specs, order }) => {
    const events = order.map((e, k) => ({ e, k })).sort((x, y) => (x.e >> 1 === y.e >> 1 ? x.e - y.e : x.k - y.k));
    // Invocation before completion for each op; otherwise the shuffled order.
    const done = new Set<number>();
    const rows: Row[] = [];
    for (const { e } of events) {
      const i = e >> 1;
      const s = specs[i]!;
      if (e % 2 === 0) rows.push([i, 'invoke', s.f, s.f === 'get' ? null : s.arg]);
      else if (!done.has(i)) {
        done.add(i);
        rows.push([i, s.f === 'get' && s.end === 'info' ? 'ok' : s.end, s.f, s.f === 'get' ? s.seen : s.arg]);
      }
    }
    const opened = new Set<number>();
    const sorted: Row[] = [];
    const late: Row[] = [];
    for (const r of rows) {
      if (r[1] === 'invoke') opened.add(r[0]), sorted.push(r);
      else if (opened.has(r[0])) sorted.push(r);
      else late.push(r);
    }
    return history([...sorted, ...late]);
  });

test('agrees with a brute-force permutation checker on small kv histories, both searches, kv and kv-map (both verdicts occur)', () => {
  const seen = { true: 0, false: 0 };
  fc.assert(
    fc.property(smallKvHistory, (h) => {
      const want = bruteForceLinearizable(h, kvModel);
      seen[String(want) as 'true' | 'false']++;
      for (const model of [kvModel, kvMapModel]) {
        const r = checkLinearizability(h, model);
        assert.is(r.valid, want, `${model.name}, the streaming search`);
        assert.is(checkLinearizability(h, model, { windows: true, minWindowOps: 2 }).valid, want, `${model.name}, the bitset search`);
        if (want) continue;
        // The explanation's set is illegal on its own (with every indeterminate op still free to happen).
        const kept = new Set(r.anomalies[0]!.minimalOps);
        assert.is(r.anomalies[0]!.minimalIsApproximate, false);
        assert.is(bruteForceLinearizable(subHistory(h, kept), model), false, `${model.name}: the minimal set ${[...kept].join(' ')} is legal`);
      }
    }),
    { numRuns: 1500, seed: 16 },
  );
  assert.ok(seen.true > 100 && seen.false > 100, JSON.stringify(seen));
});

/**
 * Longer histories on two keys, linearizable by construction (each op takes effect at a random point
 * between its invocation and completion; an info op may or may not, a failed one does not), or with one
 * get's value changed: puts, info and failed ops among the appends, more open ops than the prune scans.
 */
const builtKvHistory = fc
  .array(
    fc.record({
      process: fc.nat(7),
      gap: fc.nat(3),
      length: fc.integer({ min: 1, max: 8 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      f: fc.constantFrom('get', 'get', 'append', 'append', 'append', 'put'),
      key: fc.constantFrom('k', 'k', 'j'),
      arg: fc.constantFrom('a', 'b', 'ab', 'x'),
      end: fc.constantFrom<Op['type']>('ok', 'ok', 'ok', 'ok', 'info', 'fail'),
      tookEffect: fc.boolean(),
    }),
    { minLength: 5, maxLength: 60 },
  )
  .chain((specs) => fc.record({ specs: fc.constant(specs), changed: fc.option(fc.nat(), { nil: undefined }), change: fc.constantFrom('drop', 'extra', 'swap') }))
  .map(({ specs, changed, change }) => {
    const free = new Map<number, number>();
    const fresh = new Map<number, number>();
    let next = 100;
    const ops = specs.map((s, i) => {
      const process = fresh.get(s.process) ?? s.process;
      const invoke = (free.get(s.process) ?? 0) + s.gap + 1;
      const complete = invoke + s.length;
      free.set(s.process, complete);
      const end = s.f === 'get' ? 'ok' : s.end;
      if (end === 'info') fresh.set(s.process, next++); // an info op's process never invokes again
      const value = s.f === 'get' ? null : `${s.arg}${i % 3}`;
      return { ...s, process, invoke, complete, end, value, point: invoke + s.at * s.length, effect: end === 'ok' || (end === 'info' && s.tookEffect), seen: '' };
    });
    const values = new Map<string, string>();
    for (const o of [...ops].sort((a, b) => a.point - b.point)) {
      const v = values.get(o.key) ?? '';
      if (o.f === 'get') o.seen = v;
      else if (o.effect) values.set(o.key, o.f === 'put' ? o.value! : v + o.value!);
    }
    const gets = ops.filter((o) => o.f === 'get');
    if (changed !== undefined && gets.length > 0) {
      const g = gets[changed % gets.length]!;
      g.seen = change === 'drop' ? g.seen.slice(0, -2) : change === 'extra' ? `${g.seen}a0` : g.seen.slice(2) + g.seen.slice(0, 2);
    }
    const events = ops.flatMap((o) => [
      { t: o.invoke, order: 0, op: { process: o.process, type: 'invoke' as const, f: o.f, key: o.key, value: o.value } },
      { t: o.complete, order: 1, op: { process: o.process, type: o.end, f: o.f, key: o.key, value: o.f === 'get' ? o.seen : o.value } },
    ]);
    events.sort((a, b) => a.t - b.t || a.order - b.order);
    return events.map((e, index): Op => ({ ...e.op, index, time: index }));
  });

test('agrees with the search without the prune (a space with no reaches) on longer built histories, kv and kv-map (both verdicts occur)', () => {
  const seen = { true: 0, false: 0 };
  fc.assert(
    fc.property(builtKvHistory, (h) => {
      for (const model of [kvModel, kvMapModel]) {
        const unpruned = { ...model, space: undefined } as typeof model;
        const want = checkLinearizability(h, unpruned, { minimize: false }).valid;
        if (want === 'unknown') continue;
        seen[String(want) as 'true' | 'false']++;
        assert.is(checkLinearizability(h, model).valid, want, `${model.name}, the streaming search`);
        assert.is(checkLinearizability(h, model, { windows: true, minWindowOps: 1_000 }).valid, want, `${model.name}, the bitset search`);
      }
    }),
    { numRuns: 300, seed: 7 },
  );
  assert.ok(seen.true > 100 && seen.false > 100, JSON.stringify(seen));
});

test.run();
