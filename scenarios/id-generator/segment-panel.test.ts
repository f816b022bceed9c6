import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { readReplayFile } from '../../harness/run/replay-file.js';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { segmentAbandon, segmentAssumeApplied } from './segment.js';
import { segmentPanel } from './segment-panel.js';

const REPLAY = fileURLToPath(new URL('../../fixtures/regressions/id-generator__segment-assume-applied-seed5-shrunk.replay', import.meta.url));
const ALLOCATORS = ['c1', 'c2', 'c3'];

test('segment panel: the range two allocators used is red in both rows', async () => {
  const replay = readReplayFile(REPLAY);
  const { artifacts } = await runOnce(segmentAssumeApplied, replay.seed, replay.schedule, replay.maxOps !== undefined ? { maxOps: replay.maxOps } : {});
  const red = segmentPanel(artifacts, ALLOCATORS, 20).rows.filter((r) => r.segments.some((s) => s.tone === 'bad'));
  assert.ok(red.length >= 2);
  const ranges = red.map((r) => r.segments.filter((s) => s.tone === 'bad').map((s) => s.text));
  assert.ok(ranges[0]!.some((t) => ranges[1]!.includes(t)));
});

test('segment panel: ranges of 20, none red on a passing run', async () => {
  const { artifacts, result } = await runOnce(segmentAbandon, 1, scheduleForSeed(segmentAbandon, 1));
  assert.is(result.verdict, 'pass');
  const rows = segmentPanel(artifacts, ALLOCATORS, 20).rows;
  assert.ok(rows.every((r) => r.segments.length > 0 && r.segments.every((s) => s.tone !== 'bad' && /^\d+\.\.\d+$/.test(s.text))));
});

test.run();
