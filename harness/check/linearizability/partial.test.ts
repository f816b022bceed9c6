/** The partial linearization an illegal history reports: each op's state after it, the candidates tried next, the op that cannot be placed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../../history/types.js';
import { registerModel } from '../models/register.js';
import { checkLinearizability } from './check.js';
import type { NonLinearizable } from './result.js';

test('write 1, write 2, then a read of 1 after both returned: the reads cannot be placed after write 2', () => {
  const h: History = [
    { index: 0, process: 0, type: 'invoke', f: 'write', value: 1, time: 0 },
    { index: 1, process: 0, type: 'ok', f: 'write', value: 1, time: 10 },
    { index: 2, process: 1, type: 'invoke', f: 'write', value: 2, time: 20 },
    { index: 3, process: 1, type: 'ok', f: 'write', value: 2, time: 30 },
    { index: 4, process: 0, type: 'invoke', f: 'read', value: null, time: 40 },
    { index: 5, process: 0, type: 'ok', f: 'read', value: 1, time: 50 },
  ];
  const r = checkLinearizability(h, registerModel);
  assert.is(r.valid, false);
  const partial = (r.anomalies[0] as NonLinearizable).partial!;
  assert.equal(partial.steps.map((s) => s.op), [0, 2]);
  assert.equal(partial.steps.map((s) => s.state), ['1', '2']);
  assert.equal(partial.candidates, [{ op: 4, result: 'illegal' }]);
  assert.is(partial.stuck, 4);
});

test.run();
