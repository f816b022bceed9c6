import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResourceWrite } from './notes.js';
import { checkResourceSafety, type StaleWriteAnomaly } from './resource.js';

let seq = 0;
/** A write by `client` in its session `n`, granted at `acquiredMs`; accepted ones get the next seq. */
function w(client: string, n: number, acquiredMs: number, token: number | null, accepted: boolean | 'unknown' = true): ResourceWrite {
  return {
    resource: 'res', lock: 'L', client, session: `${client}#${n}`, acquiredUs: acquiredMs * 1000, token, value: seq,
    accepted, seq: accepted === true ? seq++ : null, sentUs: seq * 1000, doneUs: seq * 1000 + 500,
  };
}

const cases: { name: string; writes: () => ResourceWrite[]; fencing: boolean; valid: boolean; reason?: StaleWriteAnomaly['reason'] }[] = [
  { name: 'no writes', writes: () => [], fencing: false, valid: true },
  { name: 'sessions one after another', writes: () => [w('c1', 1, 0, null), w('c1', 1, 0, null), w('c2', 1, 100, null)], fencing: false, valid: true },
  { name: 'paused holder writes after the next holder', writes: () => [w('c2', 1, 100, null), w('c1', 1, 0, null)], fencing: false, valid: false, reason: 'superseded' },
  { name: 'interleaved A B A', writes: () => [w('c1', 1, 0, null), w('c2', 1, 100, null), w('c1', 1, 0, null)], fencing: false, valid: false, reason: 'interleaved' },
  { name: 'rejected stale writes do not count', writes: () => [w('c2', 1, 100, 6), w('c1', 1, 0, 5, false)], fencing: true, valid: true },
  { name: 'unknown outcomes do not count', writes: () => [w('c2', 1, 100, null), w('c1', 1, 0, null, 'unknown')], fencing: false, valid: true },
  { name: 'fencing: tokens increase', writes: () => [w('c1', 1, 0, 5), w('c2', 1, 100, 6), w('c2', 1, 100, 6)], fencing: true, valid: true },
  // Ranked by token, not grant time: a later grant with a lower token writing first is what fencing orders.
  { name: 'fencing: grant order does not matter', writes: () => [w('c2', 1, 100, 5), w('c1', 1, 200, 6)], fencing: true, valid: true },
  { name: 'fencing: a lower token accepted', writes: () => [w('c2', 1, 100, 6), w('c1', 1, 0, 5)], fencing: true, valid: false, reason: 'token' },
];

for (const c of cases) {
  test(`resource: ${c.name}`, () => {
    seq = 0;
    const r = checkResourceSafety(c.writes(), { fencing: c.fencing });
    assert.is(r.valid, c.valid, r.explanation);
    if (c.reason !== undefined) assert.is((r.anomalies[0] as StaleWriteAnomaly).reason, c.reason);
  });
}

test('resource: the resource log order (seq) decides, not the order of the notes', () => {
  seq = 0;
  const a = w('c1', 1, 0, null);
  const b = w('c2', 1, 100, null);
  assert.is(checkResourceSafety([b, a], { fencing: false }).valid, true);
  assert.is(checkResourceSafety([{ ...a, seq: 1 }, { ...b, seq: 0 }], { fencing: false }).valid, false);
});

test('resource: the explanation names the stale writer', () => {
  seq = 0;
  const r = checkResourceSafety([w('c2', 3, 100, 9), w('c1', 2, 0, 7)], { fencing: true });
  assert.match(r.explanation, /c1 \(c1#2\).*token 7 accepted after token 9/);
  assert.is(r.stats?.stale, 1);
});

test.run();
