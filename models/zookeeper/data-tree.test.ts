import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataTree } from './data-tree.js';
import type { ClientOp, Txn } from './messages.js';

/** Prepares and applies in one go, as a leader and its followers would. */
function run(tree: DataTree, op: ClientOp, zxid: number): ReturnType<DataTree['apply']> {
  const txn: Txn = { zxid, op: tree.prepare(op, 7), origin: null };
  return tree.apply(txn);
}

test('create sets czxid/mzxid/pzxid; the parent bumps cversion and pzxid', () => {
  const tree = new DataTree();
  assert.equal(run(tree, { op: 'create', path: '/a', data: 1 }, 5), { ok: true, path: '/a' });
  const a = tree.get('/a')!;
  assert.equal([a.stat.czxid, a.stat.mzxid, a.stat.pzxid, a.stat.version, a.stat.cversion], [5, 5, 5, 0, 0]);
  const root = tree.get('/')!;
  assert.equal([root.stat.cversion, root.stat.pzxid, root.stat.numChildren], [1, 5, 1]);
  assert.equal(run(tree, { op: 'create', path: '/a', data: 2 }, 6), { ok: false, code: 'NODEEXISTS' });
  assert.equal(run(tree, { op: 'create', path: '/x/y', data: 2 }, 7), { ok: false, code: 'NONODE' });
});

test('sequential create takes the parent cversion as a 10-digit suffix', () => {
  const tree = new DataTree();
  run(tree, { op: 'create', path: '/lock', data: null }, 1);
  assert.equal(run(tree, { op: 'create', path: '/lock/n-', data: null, sequential: true }, 2), { ok: true, path: '/lock/n-0000000000' });
  assert.equal(run(tree, { op: 'create', path: '/lock/n-', data: null, sequential: true }, 3), { ok: true, path: '/lock/n-0000000001' });
  run(tree, { op: 'delete', path: '/lock/n-0000000000', version: -1 }, 4);
  // cversion counts deletes too, so a sequence number is never reused.
  assert.equal(run(tree, { op: 'create', path: '/lock/n-', data: null, sequential: true }, 5), { ok: true, path: '/lock/n-0000000003' });
});

test('setData and delete compare the version (compare-and-set)', () => {
  const tree = new DataTree();
  run(tree, { op: 'create', path: '/r', data: 0 }, 1);
  assert.equal(run(tree, { op: 'setData', path: '/r', data: 1, version: 1 }, 2), { ok: false, code: 'BADVERSION' });
  const ok = run(tree, { op: 'setData', path: '/r', data: 1, version: 0 }, 3);
  assert.ok(ok.ok && ok.stat?.version === 1 && ok.stat.mzxid === 3);
  assert.equal(run(tree, { op: 'setData', path: '/r', data: 2, version: -1 }, 4).ok, true);
  assert.equal(run(tree, { op: 'delete', path: '/r', version: 1 }, 5), { ok: false, code: 'BADVERSION' });
  assert.equal(run(tree, { op: 'delete', path: '/r', version: 2 }, 6), { ok: true });
  assert.equal(tree.read({ op: 'getData', path: '/r' }), { ok: false, code: 'NONODE' });
});

test('ephemeral nodes record their owner and cannot have children', () => {
  const tree = new DataTree();
  run(tree, { op: 'create', path: '/e', data: null, ephemeral: true }, 1);
  assert.is(tree.get('/e')!.stat.ephemeralOwner, 7);
  assert.equal(tree.ephemeralsOf(7), ['/e']);
  assert.equal(run(tree, { op: 'create', path: '/e/c', data: null }, 2), { ok: false, code: 'NOCHILDRENFOREPHEMERALS' });
  run(tree, { op: 'create', path: '/p', data: null }, 3);
  run(tree, { op: 'create', path: '/p/c', data: null }, 4);
  assert.equal(run(tree, { op: 'delete', path: '/p', version: -1 }, 5), { ok: false, code: 'NOTEMPTY' });
});

test.run();
