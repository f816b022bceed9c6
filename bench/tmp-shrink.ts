import { shrinkSeed, searchScenario } from '../harness/run/search.js';
import { describeSchedule } from '../harness/faults/describe.js';
import { primaryBackup } from '../scenarios/examples/primary-backup.js';
for (const seed of [3, 6]) {
  const t0 = performance.now();
  const r = await shrinkSeed(primaryBackup, seed);
  console.log(seed, r?.runs, r?.steps, (performance.now() - t0).toFixed(0), 'ms', r?.result.verdict, r?.result.traceHash);
  console.log(' from', describeSchedule(r!.original).join(' / '));
  console.log(' to  ', describeSchedule(r!.result.schedule).join(' / '));
  console.log(r?.result.checks[0]?.explanation);
}
const t0 = performance.now();
const s = await searchScenario(primaryBackup, { runs: 20 });
console.log('search', s.runsMade, s.results.length, s.finding?.shrunk.seed, describeSchedule(s.finding!.shrunk.schedule).join(' / '), (performance.now() - t0).toFixed(0));
