import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op, OpType } from '../../history/types.js';
import { checkSessionConsistency, type SessionAnomaly } from './session-consistency.js';

const Z = 2 ** 32;
const zx = (epoch: number, c: number) => epoch * Z + c;

/** A tiny history builder: each step is one whole operation (invoke + completion) of a process. */
function history(steps: { p: number; f: string; type?: OpType; value?: unknown; key?: string }[]): History {
  const ops: History = [];
  for (const s of steps) {
    const key = s.key ?? '/r';
    ops.push({ index: ops.length, process: s.p, type: 'invoke', f: s.f, value: null, time: ops.length, key });
    ops.push({ index: ops.length, process: s.p, type: s.type ?? 'ok', f: s.f, value: s.value ?? null, time: ops.length, key });
  }
  return ops;
}
const read = (p: number, session: string, zxid: number, mzxid: number | null, f = 'plain-read') =>
  ({ p, f, value: { session, zxid, data: mzxid, mzxid, version: mzxid === null ? null : 0 } });
const write = (p: number, session: string, zxid: number, type: OpType = 'ok') => ({ p, f: 'cas', type, value: { session, zxid } });

const cases: { name: string; h: History; valid: boolean; kind?: SessionAnomaly['kind'] }[] = [
  { name: 'empty', h: [], valid: true },
  { name: 'reads move forward', h: history([read(0, 's1', zx(1, 2), zx(1, 1)), read(0, 's1', zx(1, 2), zx(1, 1)), read(0, 's1', zx(2, 5), zx(2, 3))]), valid: true },
  { name: 'write then a read that sees it', h: history([write(0, 's1', zx(1, 4)), read(0, 's1', zx(1, 6), zx(1, 4))]), valid: true },
  { name: 'write then a read that sees a later write', h: history([write(0, 's1', zx(1, 4)), read(0, 's1', zx(1, 9), zx(1, 8), 'read')]), valid: true },
  // Not linearizability: another session may read an old value after s1's write was acknowledged.
  { name: 'another session reads stale', h: history([write(0, 's1', zx(1, 4)), read(1, 's2', zx(1, 2), zx(1, 1))]), valid: true },
  { name: 'writes in order', h: history([read(0, 's1', zx(1, 3), zx(1, 3)), write(0, 's1', zx(1, 4)), write(0, 's1', zx(1, 7), 'fail'), write(0, 's1', zx(2, 1))]), valid: true },
  { name: 'timeouts and unrecorded observations are skipped', h: history([write(0, 's1', zx(1, 9), 'info'), { p: 0, f: 'plain-read', type: 'fail' }, { p: 0, f: 'read', value: 7 }, read(0, 's1', zx(1, 2), zx(1, 1))]), valid: true },
  { name: 'a missing znode observes no version', h: history([read(0, 's1', zx(1, 5), zx(1, 5)), read(0, 's1', zx(1, 6), null)]), valid: true },
  { name: 'znodes are tracked per path', h: history([read(0, 's1', zx(1, 5), zx(1, 5)), { ...read(0, 's1', zx(1, 6), zx(1, 1)), key: '/other' }]), valid: true },
  // Violations.
  { name: 'monotonic reads: the view goes back', h: history([read(0, 's1', zx(1, 5), zx(1, 1)), read(0, 's1', zx(1, 4), zx(1, 1))]), valid: false, kind: 'monotonic-reads' },
  { name: 'monotonic reads: the znode goes back', h: history([read(0, 's1', zx(1, 5), zx(1, 5)), read(0, 's1', zx(1, 9), zx(1, 3))]), valid: false, kind: 'monotonic-reads' },
  { name: 'monotonic reads: a sync read then a stale plain read', h: history([read(0, 's1', zx(2, 1), zx(2, 1), 'read'), read(0, 's1', zx(1, 8), zx(1, 8))]), valid: false, kind: 'monotonic-reads' },
  { name: 'read your writes: the view is behind the write', h: history([write(0, 's1', zx(1, 4)), read(0, 's1', zx(1, 3), zx(1, 2))]), valid: false, kind: 'read-your-writes' },
  { name: 'read your writes: the znode is older than the write', h: history([write(0, 's1', zx(1, 4)), read(0, 's1', zx(1, 6), zx(1, 2))]), valid: false, kind: 'read-your-writes' },
  { name: 'fifo: a later write ordered first', h: history([write(0, 's1', zx(1, 7)), write(0, 's1', zx(1, 6))]), valid: false, kind: 'fifo-order' },
  { name: 'fifo: a write ordered before what the session read', h: history([read(0, 's1', zx(1, 8), zx(1, 8)), write(0, 's1', zx(1, 8), 'fail')]), valid: false, kind: 'fifo-order' },
];

for (const c of cases) {
  test(`session consistency: ${c.name}`, () => {
    const r = checkSessionConsistency(c.h);
    assert.is(r.valid, c.valid, r.explanation);
    assert.is(r.anomalies.length === 0, c.valid);
    if (c.kind !== undefined) assert.is((r.anomalies[0] as SessionAnomaly).kind, c.kind, r.explanation);
  });
}

test('session consistency: a session spans process numbers (a new one after each timeout)', () => {
  // Process 0 times out; the same client goes on as process 3 (Jepsen numbering) in session s1.
  const h = history([write(0, 's1', zx(1, 5)), write(0, 's1', zx(1, 9), 'info'), read(3, 's1', zx(1, 4), zx(1, 4))]);
  const r = checkSessionConsistency(h);
  assert.is(r.valid, false);
  assert.is((r.anomalies[0] as SessionAnomaly).kind, 'read-your-writes');
  assert.match(r.explanation, /read-your-writes in session s1: plain-read answered at zxid 1:4 after the session had written 1:5 \(op 5, after op 1\)/);
  assert.is(r.stats?.['sessions'], 1);
});

test('session consistency: sessions are independent; each is judged on its own order', () => {
  const h: Op[] = history([read(0, 's1', zx(1, 9), zx(1, 9)), read(1, 's2', zx(1, 2), zx(1, 2)), read(0, 's1', zx(1, 9), zx(1, 9)), read(1, 's2', zx(1, 1), zx(1, 1))]);
  const r = checkSessionConsistency(h);
  assert.is(r.valid, false);
  // s2 went back twice in one read: its view (1:2 -> 1:1) and the znode's version (1:2 -> 1:1).
  assert.is(r.stats?.['monotonic-reads'], 2);
  assert.ok((r.anomalies as SessionAnomaly[]).every((a) => a.session === 's2'));
});

test.run();
