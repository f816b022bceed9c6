import { runOnce, scheduleForSeed } from '../harness/run/run-once.js';
import { primaryBackup } from '../scenarios/examples/primary-backup.js';
import { quorumSet } from '../scenarios/examples/quorum-set.js';
import { describeSchedule } from '../harness/faults/describe.js';
for (const sc of [primaryBackup, quorumSet]) {
  let v = 0;
  const t0 = performance.now();
  for (let seed = 1; seed <= 20; seed++) {
    const schedule = scheduleForSeed(sc, seed);
    const { result } = await runOnce(sc, seed, schedule);
    if (result.verdict !== 'pass') { v++; if (v <= 2) console.log(sc.id, seed, result.verdict, result.error ?? result.checks.map(c => c.explanation).join('; '), '\n  ', describeSchedule(schedule).join('\n   ')); }
    if (seed === 1) console.log(sc.id, 'events', result.stats.events, 'hash', result.traceHash, 'wall', result.wallMs.toFixed(0), 'ms', result.checks[0]?.explanation, JSON.stringify(result.stats.network));
  }
  console.log(sc.id, 'non-pass', v, '/20', ((performance.now()-t0)/20).toFixed(1), 'ms/run');
}
