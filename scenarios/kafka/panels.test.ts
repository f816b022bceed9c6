/** The Kafka report panels: the controller's record with every election marked, brokers with truncations. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce, scheduleForSeed } from '../../harness/run/run-once.js';
import { kafkaUncleanElection as kafkaUncleanLeaderElection } from './unclean-leader-election.js';

test('an unclean election is a red mark on the leader row, and the truncation that followed a mark on the broker', async () => {
  // The first seed whose run made an unclean election (coverage counts them).
  for (let seed = 1; seed <= 10; seed++) {
    const { result, artifacts } = await runOnce(kafkaUncleanLeaderElection, seed, scheduleForSeed(kafkaUncleanLeaderElection, seed));
    const unclean = result.coverage['kafka-unclean-election'] ?? 0;
    if (unclean === 0) continue;
    const [partition, brokers] = kafkaUncleanLeaderElection.panels!(artifacts);
    const leader = partition!.rows.find((r) => r.label === 'leader (ctl)')!;
    const marks = (leader.marks ?? []).filter((m) => m.label.startsWith('UNCLEAN election') && m.tone === 'bad');
    assert.is(marks.length, unclean, 'one red mark per unclean election');
    assert.ok(leader.segments.length >= 2, 'the leader changed');
    assert.equal(brokers!.rows.map((r) => r.label), ['b1', 'b2', 'b3']);
    const acked = partition!.rows.find((r) => r.label === 'acknowledged')!;
    const total = acked.segments.reduce((n, s) => n + Number(/^(\d+) adds/.exec(s.text)?.[1] ?? 0), 0);
    assert.is(total, artifacts.history.filter((o) => o.type === 'ok' && o.f === 'add').length, 'every acknowledged add counted once');
    return;
  }
  assert.unreachable('no unclean election in 10 seeds');
});

test.run();
