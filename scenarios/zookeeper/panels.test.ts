/** The ZooKeeper zxid row moves as transactions commit, not only at role changes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { zkSyncStaleRead } from './index.js';

test('zxid rows: a server that replied with a zxid shows it from that reply on', async () => {
  const { artifacts } = await runOnce(zkSyncStaleRead, 1, scheduleForSeed(zkSyncStaleRead, 1));
  const [, zxids] = zkSyncStaleRead.panels!(artifacts);
  const parse = (t: string): number => { const [e, c] = t.split(':').map(Number); return e! * 2 ** 32 + c!; };
  let checked = 0;
  for (const op of artifacts.history) {
    const v = op.value as { server?: string; zxid?: number } | null;
    if (op.type !== 'ok' || v === null || typeof v !== 'object' || typeof v.zxid !== 'number' || typeof v.server !== 'string') continue;
    const row = zxids!.rows.find((r) => r.label === v.server)!;
    const seg = row.segments.find((s) => s.fromUs <= op.time && op.time < s.toUs);
    if (seg === undefined || seg.text === 'down') continue;
    assert.ok(parse(seg.text) >= v.zxid, `${v.server} at ${op.time}: ${seg.text} >= reply zxid ${v.zxid}`);
    checked++;
  }
  assert.ok(checked > 100, `${checked} replies checked`);
  assert.ok(zxids!.rows.every((r) => r.segments.length > 10), 'every row moves with the commits');
});

test.run();
