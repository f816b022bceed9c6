import fc from 'fast-check';
import { nemesisArbitrary, scheduleForSeed } from '../harness/run/run-once.ts';
import { primaryBackup } from '../scenarios/examples/primary-backup.ts';
const arb = nemesisArbitrary(primaryBackup);
for (const s of [1, 3, 42, -7]) {
  let first: unknown;
  await fc.check(fc.asyncProperty(arb, async (v) => { if (first === undefined) first = v; return false; }), { seed: s, numRuns: 1, endOnFailure: true });
  console.log(s, JSON.stringify(first) === JSON.stringify(scheduleForSeed(primaryBackup, s)));
}
