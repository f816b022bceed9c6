/** Every checker's anomalies carry the true-time window of the violation and the nodes involved (AnomalyLocus). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History } from '../history/types.js';
import { checkAcknowledgedAdds } from './durability/acknowledged-adds.js';
import { checkLockExclusivity } from './locks/exclusivity.js';
import { checkResourceSafety } from './locks/resource.js';
import { checkExclusiveRuns } from './sharding/exclusive-runs.js';

const locus = (a: unknown): unknown => {
  const { fromUs, toUs, nodes } = a as { fromUs: number; toUs: number; nodes: string[] };
  return { fromUs, toUs, nodes };
};

test('lock exclusivity: the overlap of the two beliefs, both clients', () => {
  const r = checkLockExclusivity([
    { lock: 'L', client: 'c1', session: 's1', fromUs: 100, toUs: 500, token: null },
    { lock: 'L', client: 'c2', session: 's2', fromUs: 400, toUs: 900, token: null },
  ]);
  assert.equal(locus(r.anomalies[0]), { fromUs: 400, toUs: 500, nodes: ['c1', 'c2'] });
});

test('resource safety: from the superseding write to the stale write accepted', () => {
  const w = (client: string, session: string, acquiredUs: number, seq: number, sentUs: number, doneUs: number) =>
    ({ resource: 'r', lock: 'L', client, session, acquiredUs, token: null, value: seq, accepted: true, seq, sentUs, doneUs });
  const r = checkResourceSafety([w('c1', 's1', 10, 1, 100, 110), w('c2', 's2', 200, 2, 300, 310), w('c1', 's1', 10, 3, 320, 330)], { fencing: false });
  assert.equal(locus(r.anomalies[0]), { fromUs: 300, toUs: 330, nodes: ['c1', 'c2'] });
});

test('shard exclusivity: the overlap of the two runs, both instances', () => {
  const run = (instance: string, node: string, startUs: number, endUs: number) => ({ run: `${instance}#1`, item: 0, instance, node, startUs, endUs, ended: true });
  const r = checkExclusiveRuns([run('j1@-@0', 'j1', 0, 1000), run('j2@-@0', 'j2', 600, 800)]);
  assert.equal(locus(r.anomalies[0]), { fromUs: 600, toUs: 800, nodes: ['j1', 'j2'] });
});

test('acknowledged adds: a lost add is located at its own invoke and acknowledgement, not at the final read', () => {
  const h: History = [
    { index: 0, process: 0, type: 'invoke', f: 'add', value: 1, time: 100 },
    { index: 1, process: 0, type: 'ok', f: 'add', value: 1, time: 150 },
    { index: 2, process: 1, type: 'invoke', f: 'read', value: null, time: 9000 },
    { index: 3, process: 1, type: 'ok', f: 'read', value: [], time: 9100 },
  ];
  assert.equal(locus(checkAcknowledgedAdds(h).anomalies[0]), { fromUs: 100, toUs: 150, nodes: [] });
});

test.run();
