import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zkConfig } from './config.js';
import type { Txn } from './messages.js';
import { planSync } from './sync.js';
import { makeZxid } from './zxid.js';
import { betterVote } from './election.js';

const txn = (epoch: number, counter: number): Txn => ({ zxid: makeZxid(epoch, counter), op: { type: 'sync' }, origin: null });
// The leader's history: 1:1 1:2 then the new epoch's 2:1 2:2.
const leaderLog = [txn(1, 1), txn(1, 2), txn(2, 1), txn(2, 2)];
const zxids = (txns: Txn[]) => txns.map((t) => t.zxid);

test('DIFF when the learner is a prefix of the leader; empty DIFF when equal', () => {
  const plan = planSync(leaderLog, makeZxid(1, 2), zkConfig());
  assert.equal([plan.mode, plan.truncZxid, zxids(plan.txns)], ['DIFF', null, [makeZxid(2, 1), makeZxid(2, 2)]]);
  assert.equal(planSync(leaderLog, makeZxid(2, 2), zkConfig()), { mode: 'DIFF', truncZxid: null, txns: [] });
});

test('TRUNC when the learner is ahead of the leader', () => {
  assert.equal(planSync(leaderLog.slice(0, 2), makeZxid(1, 3), zkConfig()), { mode: 'TRUNC', truncZxid: makeZxid(1, 2), txns: [] });
});

test('a stray txn of an old epoch: TRUNC then DIFF, or (ZOOKEEPER-1154 pre-fix) a bare DIFF', () => {
  const stray = makeZxid(1, 3); // proposed by the old leader, never committed, not in the new leader's log
  const fixed = planSync(leaderLog, stray, zkConfig());
  assert.equal([fixed.mode, fixed.truncZxid, zxids(fixed.txns)], ['TRUNC', makeZxid(1, 2), [makeZxid(2, 1), makeZxid(2, 2)]]);
  const buggy = planSync(leaderLog, stray, zkConfig({ syncDiffInsteadOfTrunc: true }));
  assert.equal([buggy.mode, buggy.truncZxid, zxids(buggy.txns)], ['DIFF', null, [makeZxid(2, 1), makeZxid(2, 2)]]);
});

test('SNAP for an empty learner or one too far behind', () => {
  assert.is(planSync(leaderLog, 0, zkConfig()).mode, 'SNAP');
  assert.is(planSync(leaderLog, makeZxid(1, 1), zkConfig({ snapThresholdTxns: 2 })).mode, 'SNAP');
});

test('votes compare peer epoch, then zxid, then server id', () => {
  assert.ok(betterVote({ leader: 1, zxid: 0, peerEpoch: 2 }, { leader: 3, zxid: makeZxid(1, 9), peerEpoch: 1 }));
  assert.ok(betterVote({ leader: 1, zxid: 5, peerEpoch: 1 }, { leader: 3, zxid: 4, peerEpoch: 1 }));
  assert.ok(betterVote({ leader: 3, zxid: 5, peerEpoch: 1 }, { leader: 2, zxid: 5, peerEpoch: 1 }));
  assert.not.ok(betterVote({ leader: 2, zxid: 5, peerEpoch: 1 }, { leader: 2, zxid: 5, peerEpoch: 1 }));
});

test.run();
