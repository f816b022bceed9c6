import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunResult } from './run-once.js';
import { failedRun } from './run-seed.js';
import { parseShard, sweepSeeds } from './suite.js';
import { coverageResults, decide, exitCodeOf, summarize } from './summary.js';

function run(seed: number, verdict: RunResult['verdict'], coverage: Record<string, number> = {}): RunResult {
  return { ...failedRun({ id: 's', expect: 'pass' }, seed, ''), verdict, traceHash: 'h', coverage };
}

test('decide: pass scenarios fail on the first violation or error; unsafe ones need a violation', () => {
  assert.equal(decide({ expect: 'pass' }, [run(1, 'pass'), run(2, 'violation'), run(3, 'error')]), { status: 'unexpected', decidingSeed: 2 });
  assert.equal(decide({ expect: 'pass' }, [run(1, 'pass'), run(2, 'unknown')]), { status: 'unknown' });
  assert.equal(decide({ expect: 'pass' }, [run(1, 'pass')]), { status: 'as-expected' });
  assert.equal(decide({ expect: 'violation' }, [run(1, 'pass'), run(4, 'violation')]), { status: 'as-expected', decidingSeed: 4 });
  assert.equal(decide({ expect: 'violation' }, [run(1, 'pass'), run(2, 'pass')]), { status: 'unexpected' });
  assert.equal(decide({ expect: 'violation' }, [run(1, 'unknown')]), { status: 'unknown' });
  assert.equal(decide({ expect: 'violation' }, [run(1, 'violation'), run(2, 'error')]), { status: 'unexpected', decidingSeed: 2 });
});

test('exit codes: 1 beats 3 beats 0; unmet coverage is 1; an interrupted clean suite is 3', () => {
  const meta = { id: 's', description: '', expect: 'pass' as const, coverage: [{ goal: 'g', atLeast: 3 }] };
  const ok = summarize(meta, [run(1, 'pass', { g: 1 }), run(2, 'pass', { g: 2 })]);
  const cov = coverageResults(meta, [run(1, 'pass', { g: 1 }), run(2, 'pass', { g: 2 })]);
  assert.equal(cov, [{ goal: 's: g', atLeast: 3, count: 3, met: true }]);
  assert.is(exitCodeOf([ok], cov, false), 0);
  assert.is(exitCodeOf([ok], cov, true), 3);
  assert.is(exitCodeOf([ok], coverageResults(meta, [run(1, 'pass')]), false), 1);
  assert.is(exitCodeOf([ok, summarize(meta, [run(1, 'unknown')])], cov, false), 3);
  assert.is(exitCodeOf([summarize(meta, [run(1, 'violation')]), summarize(meta, [run(1, 'unknown')])], cov, false), 1);
});

test('shards split the seeds into disjoint parts whose union is the whole sweep', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5, max: 1000 }), fc.integer({ min: 1, max: 9 }), (count, first, n) => {
    const parts = Array.from({ length: n }, (_, i) => sweepSeeds(count, first, { index: i + 1, count: n }));
    const all = parts.flat().sort((a, b) => a - b);
    assert.equal(all, sweepSeeds(count, first));
  }));
  assert.equal(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1', '1/2/3']) assert.is(parseShard(bad), null);
});

test.run();
