/** A schedule with faults hung on protocol points survives a replay file and replays bit for bit, described with when it fired. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { singleInstanceCrash } from '../../scenarios/redlock/single-instance.js';
import { describeSchedule } from '../faults/describe.js';
import type { Schedule } from '../faults/types.js';
import { decodeReplay, encodeReplay, replayFromRun } from './replay-file.js';
import { runOnce } from './run-once.js';

const on = { point: 'redis:lock-granted', node: 'r1', occurrence: 2 };
const schedule: Schedule = [
  { on, afterUs: 1_500, kind: 'crash', node: 'r1' },
  { on, afterUs: 11_500, kind: 'restart', node: 'r1' },
];

test('a triggered schedule round-trips through a replay file and the replay matches trace hash and firings', async () => {
  const first = await runOnce(singleInstanceCrash, 4, schedule);
  const replay = decodeReplay(encodeReplay(replayFromRun(first.result, singleInstanceCrash.config, false)));
  assert.equal(replay.schedule, schedule);
  const again = await runOnce(singleInstanceCrash, replay.seed, replay.schedule);
  assert.is(again.result.traceHash, first.result.traceHash);
  assert.equal(again.result.fired, first.result.fired);
  const [crash] = first.result.fired ?? [];
  assert.ok(crash !== undefined && crash.node === 'r1' && crash.at === crash.pointUs + 1_500, JSON.stringify(first.result.fired));
  // The checkers saw the faults as applied, at their true times.
  assert.equal(first.artifacts.schedule, [{ kind: 'crash', node: 'r1', at: crash.at }, { kind: 'restart', node: 'r1', at: crash.at + 10_000 }]);
  const lines = describeSchedule(replay.schedule, again.result.fired);
  assert.match(lines[0] ?? '', /^at \d+\.\d+ s, 1\.5 ms after r1 reported redis:lock-granted \(2nd time\) \[lock\] \(at \d+\.\d+ s\): r1 crashed$/);
});

test('a different occurrence is a different run', async () => {
  const a = await runOnce(singleInstanceCrash, 4, schedule);
  const b = await runOnce(singleInstanceCrash, 4, schedule.map((f) => ({ ...f, on: { ...on, occurrence: 3 } })) as Schedule);
  assert.is.not(a.result.traceHash, b.result.traceHash);
  assert.ok((b.result.fired?.[0]?.pointUs ?? 0) > (a.result.fired?.[0]?.pointUs ?? 0));
});

test.run();
