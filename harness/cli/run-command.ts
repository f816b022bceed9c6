/** `faultline run`: seed sweeps (or a property search) of the selected scenarios, then artifacts. */
import { dirname, resolve } from 'node:path';
import { BUDGET_MB_ENV } from '../check/linearizability/budget.js';
import { UsageError } from '../run/usage-error.js';
import { defaultWorkers } from '../run/pool.js';
import { parseShard, runSuite } from '../run/suite.js';
import { integer, parse, positiveInt, positiveNumber } from './args.js';
import { prepareOut, writeArtifacts } from './artifacts.js';
import { findConfig, loadConfig } from './config-file.js';
import { selectRun } from './scenario-selection.js';
import type { Io } from './io.js';
import { progress } from './progress.js';

export const RUN_USAGE = `usage: faultline run [SELECTOR...] [flags]
  SELECTOR             scenario id, glob over ids (examples/*) or tag (smoke, nightly, a system name), or a
                       scenario module file or glob of files (./sim/lock.scenario.ts, 'sim/**/*.scenario.ts');
                       none: every scenario of the faultline.config's scenario files
  --suite SELECTOR     same as a positional selector (repeatable)
  --seeds N            seeds per scenario (default: each scenario's budget, see --budget)
  --budget test|nightly  which seed budget each scenario uses when --seeds is not given (default test)
  --seed S             first seed of the sweep (default 1); fast-check's seed with --search
  --time-limit SEC     stop starting new runs after SEC seconds (the summary says how many ran)
  --workers K          worker threads (default: available parallelism)
  --shard i/n          run only shard i of n of the seeds (merge shard results with faultline merge)
  --out DIR            artifacts directory (default ./faultline-out): replays/, results.json, report.html
  --junit FILE         also write JUnit XML
  --junit-per-seed     JUnit: also a testcase per failing seed
  --json               print results JSON on stdout (summary goes to stderr)
  --check-determinism  run every seed twice and compare trace hashes (the second run freezes message bodies once
                       sent: a model that changes a body it sent or received fails the seed)
  --search             property search: fast-check draws seeds and schedules (main thread), shrinks the first finding
  --no-shrink          do not shrink the deciding run
  --scenario-module F  also load the scenarios of module F without selecting them
  --quiet              no progress output
  --budget-mb MB       memory budget of each checker (default: half the heap limit); running out gives unknown
a faultline.config.{ts,mjs,js} in the working directory or above (up to the project root) may set scenarios
(globs of module files), out, workers, budget, seeds and catalogue; flags win over it
one run at a time per --out directory (a second one exits 2 naming the first); with --shard, an unsafe scenario
whose violation is in another shard and coverage goals are left to faultline merge, which also shrinks findings
exit codes: 0 as expected, 1 violation in a pass scenario / expected violation not found / unmet coverage goal,
            2 bad usage or input, or an artifact not written, 3 unknown (checker budget ran out) or interrupted (SIGINT, SIGTERM)`;

const OPTIONS = {
  suite: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  'time-limit': { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  junit: { type: 'string' },
  'junit-per-seed': { type: 'boolean' },
  json: { type: 'boolean' },
  'check-determinism': { type: 'boolean' },
  search: { type: 'boolean' },
  'no-shrink': { type: 'boolean' },
  'scenario-module': { type: 'string', multiple: true },
  quiet: { type: 'boolean' },
  'budget-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The summary's title: the command as typed, or what a bare `faultline run` ran. */
export function runTitle(selectors: readonly string[], shard: { index: number; count: number } | null): string {
  const what = selectors.length > 0 ? ` ${selectors.join(' ')}` : ' (the faultline.config scenarios)';
  return `faultline run${what}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`;
}

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('run', argv, OPTIONS, RUN_USAGE);
  if (values.help) {
    io.out(RUN_USAGE);
    return 0;
  }
  const configFile = findConfig(process.cwd());
  const config = configFile !== null ? await loadConfig(configFile) : null;
  const seeds = positiveInt('seeds', values.seeds) ?? config?.seeds;
  const budget = values.budget ?? config?.budget ?? 'test';
  if (budget !== 'test' && budget !== 'nightly') throw new UsageError(`--budget must be test or nightly, got "${budget}"`);
  const seed = integer('seed', values.seed);
  const timeLimitS = positiveNumber('time-limit', values['time-limit']);
  const budgetMb = positiveNumber('budget-mb', values['budget-mb']);
  // The checkers in the worker threads read it from the environment they inherit (budget.ts).
  if (budgetMb !== undefined) process.env[BUDGET_MB_ENV] = String(budgetMb);
  const workers = positiveInt('workers', values.workers) ?? config?.workers ?? defaultWorkers();
  let shard;
  if (values.shard !== undefined) {
    shard = parseShard(values.shard);
    if (shard === null) throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. 1/2), got "${values.shard}"`);
    if (values.search) throw new UsageError('--shard splits seed sweeps; it cannot be combined with --search');
  }
  const selectors = [...(values.suite ?? []), ...positionals];
  const { selected: scenarios, modules } = await selectRun(selectors, { cwd: process.cwd(), config, extraModules: values['scenario-module'] ?? [] });
  const outDir = values.out !== undefined ? resolve(values.out) : config?.out !== undefined ? resolve(dirname(config.file), config.out) : resolve('faultline-out');
  const junit = values.junit !== undefined ? resolve(values.junit) : undefined;
  if (values['junit-per-seed'] === true && junit === undefined) throw new UsageError('--junit-per-seed needs --junit FILE');
  const release = prepareOut({ outDir, ...(junit !== undefined ? { junit } : {}) }, `faultline run ${argv.join(' ')}`);

  // SIGINT or SIGTERM: stop starting runs, summarise what ran, exit 3; a second one exits at once.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      release();
      process.exit(3);
    }
    io.err(`\ninterrupted (${signal}): stopping workers and writing what was found (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = progress(io, values.quiet === true);
  const startedAt = new Date().toISOString();
  try {
    const outcome = await runSuite({
      scenarios, outDir, workers, signal: controller.signal,
      ...(seeds !== undefined ? { seeds } : {}),
      budget,
      ...(seed !== undefined ? { seed } : {}),
      ...(shard ? { shard } : {}),
      ...(timeLimitS !== undefined ? { timeLimitMs: timeLimitS * 1000 } : {}),
      ...(values['check-determinism'] ? { checkDeterminism: true } : {}),
      ...(values.search ? { search: true } : {}),
      ...(values['no-shrink'] ? { shrink: false } : {}),
      ...(modules.length > 0 ? { scenarioModules: modules.map((m) => m.file) } : {}),
      onProgress: (done, total, result) => bar.update(done, total, result),
      onNote: (line) => {
        bar.done();
        if (values.quiet !== true) io.err(line);
      },
    });
    bar.done();
    return await writeArtifacts({
      ...outcome,
      title: runTitle(selectors, shard ?? null),
      command: `faultline run ${argv.join(' ')}`,
      startedAt, shard: shard ?? null,
    }, { outDir, json: values.json === true, ...(junit !== undefined ? { junit, junitPerSeed: values['junit-per-seed'] === true } : {}) }, io);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release();
  }
}
