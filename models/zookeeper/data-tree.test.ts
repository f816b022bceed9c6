import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataTree } from './data-tree.js';
import type { ClientOp, ErrorCode, MultiOp, Txn } from './messages.js';

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

test('multi: every op at one zxid, each checked against the tree the earlier ones leave', () => {
  const tree = new DataTree();
  run(tree, { op: 'create', path: '/q', data: 'q' }, 1);
  run(tree, { op: 'create', path: '/old', data: null }, 2);
  const multi: ClientOp = {
    op: 'multi',
    ops: [
      { op: 'create', path: '/q/n-', data: 'a', sequential: true },
      { op: 'create', path: '/q/n-', data: 'b', sequential: true, ephemeral: true },
      { op: 'setData', path: '/q', data: 'q2', version: 0 },
      { op: 'check', path: '/q', version: 1 }, // the version the setData before it leaves
      { op: 'delete', path: '/old', version: 0 },
      { op: 'create', path: '/old', data: 'again' }, // after its delete
      { op: 'create', path: '/tmp', data: null },
      { op: 'delete', path: '/tmp', version: -1 },
    ],
  };
  const txn: Txn = { zxid: 9, op: tree.prepare(multi, 7), origin: null };
  assert.is(tree.get('/q/n-0000000000'), undefined, 'preparing changes nothing');
  assert.equal([tree.get('/q')!.stat.cversion, tree.get('/q')!.data, tree.get('/old')!.data, tree.size], [0, 'q', null, 3]);
  const result = tree.apply(txn);
  assert.ok(result.ok);
  const q = tree.get('/q')!.stat;
  assert.equal(result.results, [
    { op: 'create', path: '/q/n-0000000000' },
    { op: 'create', path: '/q/n-0000000001' },
    { op: 'setData', stat: { ...q, cversion: 2, numChildren: 2 } },
    { op: 'check' },
    { op: 'delete' },
    { op: 'create', path: '/old' },
    { op: 'create', path: '/tmp' },
    { op: 'delete' },
  ]);
  assert.equal([q.version, q.mzxid, q.pzxid, q.cversion], [1, 9, 9, 2]);
  assert.equal([tree.get('/q/n-0000000000')!.stat.czxid, tree.get('/q/n-0000000001')!.stat.ephemeralOwner], [9, 7]);
  assert.equal([tree.get('/old')!.data, tree.get('/old')!.stat.czxid, tree.get('/tmp'), tree.get('/')!.stat.cversion], ['again', 9, undefined, 6]);
  assert.is(tree.lastZxid, 9);
});

test('multi: one failing op applies nothing; before it OK, after it RUNTIMEINCONSISTENCY', () => {
  const cases: { name: string; ops: MultiOp[]; code: ErrorCode; at: number }[] = [
    { name: 'bad version', ops: [{ op: 'create', path: '/r/x', data: 1 }, { op: 'setData', path: '/r', data: 2, version: 5 }, { op: 'delete', path: '/r/x', version: -1 }], code: 'BADVERSION', at: 1 },
    { name: 'node exists', ops: [{ op: 'setData', path: '/r', data: 2, version: 0 }, { op: 'create', path: '/r/x', data: 1 }, { op: 'create', path: '/r/x', data: 1 }], code: 'NODEEXISTS', at: 2 },
    { name: 'no node', ops: [{ op: 'delete', path: '/gone', version: -1 }, { op: 'create', path: '/r/y', data: 1 }], code: 'NONODE', at: 0 },
    { name: 'check', ops: [{ op: 'setData', path: '/r', data: 2, version: -1 }, { op: 'check', path: '/r', version: 0 }], code: 'BADVERSION', at: 1 },
    { name: 'not empty', ops: [{ op: 'create', path: '/r/x', data: 1 }, { op: 'delete', path: '/r', version: -1 }], code: 'NOTEMPTY', at: 1 },
  ];
  for (const c of cases) {
    const tree = new DataTree();
    run(tree, { op: 'create', path: '/r', data: 0 }, 1);
    const before = [tree.get('/r'), tree.get('/'), tree.size];
    const result = run(tree, { op: 'multi', ops: c.ops }, 2);
    const codes = c.ops.map((_, i) => (i < c.at ? 'OK' : i === c.at ? c.code : 'RUNTIMEINCONSISTENCY'));
    assert.equal(result, { ok: false, code: c.code, results: codes.map((code) => ({ op: 'error', code })) }, c.name);
    assert.equal([tree.get('/r'), tree.get('/'), tree.size], before, c.name);
    assert.is(tree.lastZxid, 2, c.name); // the failed multi still took its zxid, as ZooKeeper's error txns do
  }
});

test.run();
