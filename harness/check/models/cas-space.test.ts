import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Call, Output } from '../linearizability/model.js';
import type { LinOp } from '../linearizability/ops.js';
import { makeCasRegisterModel } from './cas-register.js';
import { CasSpace, UNREAD } from './cas-space.js';
import { valueEq } from './values.js';

const VALUES: unknown[] = [null, undefined, 0, 1, '1', 'a', true, [1, 2], [2, 1], { x: 1 }, { x: 1 }, '[1,2]', 'null'];

function op(call: Call, output: Output): LinOp {
  return { index: 0, completionIndex: 1, call, output, callPos: 0, retPos: output.type === 'unknown' ? Infinity : 1, indeterminate: output.type === 'unknown' };
}

test('agrees with the model step on every op and state (values of every kind, nil and undefined alike)', () => {
  const ops: LinOp[] = [];
  for (const type of ['ok', 'fail', 'unknown'] as const) {
    for (const v of VALUES) {
      ops.push(op({ f: 'read', value: null, process: 0 }, { type, value: v }));
      ops.push(op({ f: 'write', value: v, process: 0 }, { type, value: v }));
      for (const w of [1, 'b']) ops.push(op({ f: 'cas', value: [v, w], process: 0 }, { type, value: null }));
    }
  }
  for (const nilReadIsUnknown of [false, true]) {
    const model = makeCasRegisterModel({ nilReadIsUnknown });
    const space = new CasSpace(ops, null, nilReadIsUnknown);
    // Every state the space can reach from its initial state.
    const states = [space.init];
    for (let k = 0; k < states.length; k++) {
      ops.forEach((_, i) => {
        const next = space.step(i, states[k]!);
        if (next >= 0 && !states.includes(next)) states.push(next);
      });
    }
    let legal = 0;
    ops.forEach((o, i) => {
      for (const s of states) {
        const want = model.step(space.state(s), o.call, o.output);
        const got = space.step(i, s);
        assert.is(got >= 0, want.ok, `${model.describe(o.call, o.output)} from ${JSON.stringify(space.state(s))}`);
        if (want.ok && got >= 0) {
          legal++;
          // A value no op reads or compares against is the one UNREAD state.
          const expected = observed(ops, nilReadIsUnknown).some((v) => valueEq(v, want.state)) ? want.state : UNREAD;
          assert.ok(valueEq(space.state(got), expected), `${model.describe(o.call, o.output)} from ${JSON.stringify(space.state(s))}`);
        }
      }
    });
    assert.ok(legal > 100 && legal < ops.length * states.length, `${legal} legal steps`);
  }
});

/** Values some op reads (a read that can tell) or compares against (a cas's from). */
function observed(ops: readonly LinOp[], nilReadIsUnknown: boolean): unknown[] {
  return ops.flatMap((o) =>
    o.call.f === 'read'
      ? o.output.type === 'ok' && !(nilReadIsUnknown && (o.output.value === null || o.output.value === undefined)) ? [o.output.value] : []
      : o.call.f === 'cas' ? [(o.call.value as unknown[])[0]] : [],
  );
}

test('equal values share one id; different kinds of value never do; values nobody reads are one state', () => {
  const writes = VALUES.map((v) => op({ f: 'write', value: v, process: 0 }, { type: 'ok', value: v }));
  const reads = VALUES.map((v) => op({ f: 'read', value: null, process: 0 }, { type: 'ok', value: v }));
  const space = new CasSpace([...writes, ...reads], null, false);
  const ids = writes.map((_, i) => space.step(i, space.init));
  VALUES.forEach((a, i) => VALUES.forEach((b, j) => assert.is(ids[i] === ids[j], valueEq(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`)));
  // Without the reads nothing observes any value: every write leads to UNREAD (the initial value keeps its name).
  const blind = new CasSpace(writes, null, false);
  assert.is(blind.state(blind.init), null);
  writes.forEach((_, i) => assert.is(blind.state(blind.step(i, blind.init)), UNREAD));
});

test.run();
