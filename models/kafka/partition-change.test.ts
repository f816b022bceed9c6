import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PartitionState } from './messages.js';
import { changePartition, type ChangeRules } from './partition-change.js';

const REPLICAS = ['b1', 'b2', 'b3'];

function state(s: Partial<PartitionState>): PartitionState {
  return { leader: 'b1', leaderEpoch: 5, isr: ['b1'], elr: [], lastKnownLeader: null, partitionEpoch: 9, ...s };
}

/** Rules with min ISR 2; `down` are the fenced brokers. */
function rules(elr: boolean, down: string[] = [], uncleanLeaderElection = false): ChangeRules {
  return { replicas: REPLICAS, minInsyncReplicas: 2, eligibleLeaderReplicas: elr, uncleanLeaderElection, acceptable: (b) => !down.includes(b) };
}

test('without KIP-966 the last ISR member stays in the ISR when fenced, and is elected again once back', () => {
  const fenced = changePartition(state({}), [], rules(false, ['b1']));
  assert.equal(fenced?.state, state({ leader: null, leaderEpoch: 6, partitionEpoch: 10 }));
  assert.is(fenced?.election, 'none');
  // b1 unfenced (after a restart that may have lost data): the ISR it is alone in elects it.
  const back = changePartition(fenced!.state, ['b1'], rules(false));
  assert.equal([back?.state.leader, back?.state.isr, back?.election], ['b1', ['b1'], 'isr']);
});

test('KIP-966: replicas that leave the ISR below min.insync.replicas become eligible; at min ISR again the ELR clears', () => {
  const shrunk = changePartition(state({ isr: ['b1', 'b2', 'b3'] }), ['b1', 'b2'], rules(true));
  assert.equal(shrunk?.state.elr, [], 'an ISR of min.insync.replicas keeps no ELR');
  const alone = changePartition(shrunk!.state, ['b1'], rules(true));
  assert.equal([alone?.state.isr, alone?.state.elr, alone?.state.leaderEpoch], [['b1'], ['b2'], 5]);
  const expanded = changePartition(alone!.state, ['b1', 'b3'], rules(true));
  assert.equal([expanded?.state.isr, expanded?.state.elr], [['b1', 'b3'], []]);
});

test('KIP-966: the last ISR member fenced empties the ISR, and an unfenced ELR member is elected', () => {
  const fenced = changePartition(state({ elr: ['b2'] }), [], rules(true, ['b1']));
  assert.equal(fenced?.state, state({ leader: 'b2', leaderEpoch: 6, isr: ['b2'], elr: ['b1'], partitionEpoch: 10 }));
  assert.is(fenced?.election, 'elr');
});

test('KIP-966: with every ELR member fenced the partition waits; an unclean shutdown strikes a broker from the ELR', () => {
  const offline = changePartition(state({ elr: ['b2'] }), [], rules(true, ['b1', 'b2']));
  assert.equal(offline?.state, state({ leader: null, leaderEpoch: 6, isr: [], elr: ['b1', 'b2'], lastKnownLeader: 'b1', partitionEpoch: 10 }));
  // b1 registers again after an unclean shutdown (fenced until its first heartbeat): out of the ELR, no leader.
  const unclean = changePartition(offline!.state, [], rules(true, ['b1', 'b2']), 'b1');
  assert.equal([unclean?.state.leader, unclean?.state.elr, unclean?.state.lastKnownLeader], [null, ['b2'], 'b1']);
  // b1 unfenced: it is neither in the ISR nor the ELR, and the ELR is not empty, so still no leader.
  assert.is(changePartition(unclean!.state, [], rules(true, ['b2'])), null);
  // b2 unfenced: elected from the ELR.
  const b2 = changePartition(unclean!.state, [], rules(true, ['b1']));
  assert.equal([b2?.state.leader, b2?.state.isr, b2?.state.elr, b2?.state.lastKnownLeader, b2?.election], ['b2', ['b2'], [], null, 'elr']);
});

test('KIP-966: with neither ISR nor ELR left, the last known leader is elected once unfenced (unclean)', () => {
  const empty = state({ leader: null, isr: [], elr: [], lastKnownLeader: 'b1' });
  assert.is(changePartition(empty, [], rules(true, ['b1'])), null);
  const back = changePartition(empty, [], rules(true, ['b3']));
  assert.equal([back?.state.leader, back?.state.isr, back?.state.lastKnownLeader, back?.election], ['b1', ['b1'], null, 'last-known-leader']);
});

test('unclean.leader.election.enable elects the first live replica and clears the ELR', () => {
  const p = state({ leader: null, isr: ['b1'], elr: [] });
  assert.is(changePartition(p, ['b1'], rules(false, ['b1'])), null);
  const unclean = changePartition(p, ['b1'], rules(false, ['b1'], true));
  assert.equal([unclean?.state.leader, unclean?.state.isr, unclean?.election], ['b2', ['b2'], 'unclean']);
});

test('nothing to change: null; an ISR change alone keeps the leader epoch and bumps the partition epoch', () => {
  assert.is(changePartition(state({ isr: ['b1', 'b2'] }), ['b2', 'b1'], rules(true)), null);
  const grown = changePartition(state({ isr: ['b1', 'b2'] }), ['b1', 'b2', 'b3'], rules(true));
  assert.equal([grown?.state.leaderEpoch, grown?.state.partitionEpoch, grown?.election], [5, 10, 'none']);
});

test.run();
