/** Symmetry between indeterminate ops with the same effect: the earlier twin goes first, and both stay usable. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../../history/types.js';
import { casRegisterModel } from '../models/cas-register.js';
import { checkLinearizability } from './check.js';

const at = (h: History, process: number, type: Op['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value, time: h.length });

/** write 0; two cas 0 -> 1 that never return; read 1; write 0; read `last`. */
function twinCas(last: number): History {
  const h: History = [];
  at(h, 0, 'invoke', 'write', 0);
  at(h, 0, 'ok', 'write', 0);
  at(h, 1, 'invoke', 'cas', [0, 1]);
  at(h, 2, 'invoke', 'cas', [0, 1]);
  at(h, 3, 'invoke', 'read', null);
  at(h, 3, 'ok', 'read', 1);
  at(h, 4, 'invoke', 'write', 0);
  at(h, 4, 'ok', 'write', 0);
  at(h, 5, 'invoke', 'read', null);
  at(h, 5, 'ok', 'read', last);
  return h;
}

test('both twins take effect when the history needs both (one before each read of 1)', () => {
  for (const options of [{}, { streamFromOps: Infinity }, { windows: true, minWindowOps: 2 }]) {
    assert.is(checkLinearizability(twinCas(1), casRegisterModel, options).valid, true, JSON.stringify(options));
  }
});

test('a third read of 1 after another write 0 needs a third cas: not linearizable', () => {
  const h = twinCas(1);
  at(h, 6, 'invoke', 'write', 0);
  at(h, 6, 'ok', 'write', 0);
  at(h, 7, 'invoke', 'read', null);
  at(h, 7, 'ok', 'read', 1);
  for (const options of [{}, { streamFromOps: Infinity }]) assert.is(checkLinearizability(h, casRegisterModel, options).valid, false, JSON.stringify(options));
});

test.run();
