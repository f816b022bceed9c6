import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { routingServedLine, routingServingLine, routingViewLine, servedRequests, servingChanges, viewAdoptions, type ServedRequest, type ServingChange } from './events.js';
import { membershipChanges, movedKeyStats } from './moved-keys.js';
import { checkSingleOwner, ownerships } from './single-owner.js';

const change = (node: string, ms: number, epoch: number, keys: string[]): ServingChange => ({ node, timeUs: ms * 1000, epoch, keys });
const never = (_node: string, _fromUs: number) => 10_000_000;
const served = (node: string, ms: number, key: string, client = 'c1'): ServedRequest => ({ node, timeUs: ms * 1000, key, client });

test('single owner: a key handed over (released before taken) is fine', () => {
  const r = checkSingleOwner(ownerships([change('a', 0, 1, ['k1', 'k2']), change('a', 100, 2, ['k1']), change('b', 100, 2, ['k2'])], never), [served('a', 50, 'k2'), served('b', 100, 'k2')]);
  assert.is(r.valid, true, r.explanation);
  assert.is(r.stats?.ownerships, 3);
});

test('single owner: a stale node serving a key another took is two owners, with both epochs', () => {
  const owned = ownerships([change('a', 0, 1, ['k1', 'k2']), change('b', 100, 2, ['k2']), change('a', 300, 3, ['k1'])], never);
  const r = checkSingleOwner(owned, [served('a', 50, 'k2'), served('a', 150, 'k2', 'c2'), served('a', 150, 'k1')]);
  assert.is(r.valid, false);
  assert.is(r.stats?.keysWithTwoOwners, 1);
  assert.is(r.stats?.twoOwnerMs, 200);
  assert.match(r.explanation, /k2 owned by a \(membership epoch 1\) and by b \(epoch 2\) from 100\.000 ms to 300\.000 ms, meanwhile a answered c2 for it at 150\.000 ms/);
  assert.equal((r.anomalies[0] as { nodes: string[] }).nodes, ['a', 'b', 'c2']);
});

test('single owner: two owners nobody asked about meanwhile are counted, not a violation', () => {
  const owned = ownerships([change('a', 0, 1, ['k1', 'k2']), change('b', 100, 2, ['k2']), change('a', 300, 3, ['k1'])], never);
  const r = checkSingleOwner(owned, [served('a', 50, 'k2'), served('a', 150, 'k1'), served('b', 301, 'k2')]);
  assert.is(r.valid, true, r.explanation);
  assert.is(r.stats?.silentOverlaps, 1);
});

test('single owner: a crash ends a node\'s serving; the restarted node\'s keys are new intervals', () => {
  const crashAt = (node: string, fromUs: number) => (node === 'a' && fromUs < 50_000 ? 50_000 : 10_000_000);
  const changes = [change('a', 0, 1, ['k1']), change('b', 60, 2, ['k1']), change('b', 90, 2, []), change('a', 100, 2, ['k1'])];
  const owned = ownerships(changes, crashAt);
  assert.equal(owned.map((o) => [o.node, o.fromUs / 1000, o.toUs / 1000]), [['b', 60, 90], ['a', 0, 50], ['a', 100, 10_000]]);
  const asked = [served('b', 70, 'k1')];
  assert.is(checkSingleOwner(owned, asked).valid, true);
  // Without the crash, a would have served k1 through b's interval.
  assert.is(checkSingleOwner(ownerships(changes, never), asked).valid, false);
});

test('routing log lines round-trip; moved share per join and leave against 1/n', () => {
  const logs = [
    { timeUs: 0, node: 'a', message: routingViewLine(1, ['a', 'b'], ['a', 'b', 'a', 'b']) },
    { timeUs: 5, node: 'b', message: routingViewLine(1, ['a', 'b'], ['a', 'b', 'a', 'b']) },
    { timeUs: 10, node: 'a', message: routingViewLine(2, ['a', 'b', 'c'], ['a', 'c', 'a', 'b']) },
    { timeUs: 20, node: 'a', message: routingViewLine(4, ['a', 'c'], ['a', 'c', 'a', 'a']) },
    { timeUs: 30, node: 'a', message: routingViewLine(6, ['d'], ['d', 'd', 'd', 'd']) },
    { timeUs: 40, node: 'a', message: routingServingLine(6, ['k1']) },
    { timeUs: 50, node: 'a', message: routingServedLine('k1', 'c1') },
  ];
  assert.equal(servingChanges(logs), [{ node: 'a', timeUs: 40, epoch: 6, keys: ['k1'] }]);
  assert.equal(servedRequests(logs), [{ node: 'a', timeUs: 50, key: 'k1', client: 'c1' }]);
  const changes = membershipChanges(viewAdoptions(logs));
  assert.equal(changes.map((c) => [c.kind, c.member, c.movedShare]), [['join', 'c', 0.25], ['leave', 'b', 0.25]]);
  assert.equal(movedKeyStats(changes), { membershipChanges: 2, meanMovedShare: 0.25, meanIdealShare: 0.333 });
  assert.equal(movedKeyStats([]), { membershipChanges: 0, meanMovedShare: null, meanIdealShare: null });
});

test.run();
