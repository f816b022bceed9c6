/**
 * Seeds to find: for every expected-violation scenario, how many seeds a sweep runs until it finds the
 * violation (each seed with its own schedule, as `faultline run` draws it), over `--sweeps` sweeps
 * that start at seeds 1, 10001, 20001, ...: with the scenario's nemesis without its faults hung on
 * protocol points (`nemesis.triggered`), as it is, with those faults alone, and with the same faults
 * alone at random times (timed episodes of the same kinds, nodes, durations and count). Prints one
 * line per scenario and variant as it goes and a Markdown table at the end; a sweep that finds
 * nothing within `--max-runs` counts as more than that. Long: run it alone. `--json FILE` appends
 * every result to FILE; `--table FILE` prints the table from such a file.
 *
 *   npx tsx harness/bench/seeds-to-find.ts [--sweeps 20] [--max-runs 40] [--variants without,with,alone,alone-timed] [--json FILE] [scenario id ...]
 *   npx tsx harness/bench/seeds-to-find.ts --table FILE
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AnyScenario } from '../run/scenario.js';
import { runOnce, scheduleForSeed } from '../run/run-once.js';
import { isFinding } from '../run/search.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { median } from './median.js';

export const VARIANTS = ['without', 'with', 'alone', 'alone-timed'] as const;
export type Variant = (typeof VARIANTS)[number];
const HEADINGS: Record<Variant, string> = {
  without: 'without triggered faults',
  with: 'with triggered faults',
  alone: 'triggered faults alone',
  'alone-timed': 'the same faults at random times',
};

export interface SeedsToFind {
  scenario: string;
  variant: Variant;
  /** Seeds until the first finding, per sweep; null: none within maxRuns. */
  runs: (number | null)[];
  maxRuns: number;
}

/** The scenario's nemesis for a variant, or null when it has no triggered faults to add or keep. */
export function variantOf(scenario: AnyScenario, variant: Variant): AnyScenario | null {
  const { triggered, arbitrary: _arbitrary, ...rest } = scenario.nemesis;
  if (variant === 'without') {
    const { triggered: _triggered, ...nemesis } = scenario.nemesis;
    return { ...scenario, nemesis };
  }
  if (triggered === undefined) return null;
  if (variant === 'with') return scenario;
  if (variant === 'alone') return { ...scenario, nemesis: { ...rest, schedule: triggered } };
  // The same kinds, victims, durations and count, at times drawn over the window instead of at points.
  const { triggerPoints: _points, timedWeight: _timedWeight, ...timed } = triggered;
  return { ...scenario, nemesis: { ...rest, schedule: timed } };
}

/** Where the k-th sweep starts: far enough apart that sweeps never share a seed. */
export const sweepStart = (k: number): number => 1 + k * 10_000;

/** Per sweep, how many seeds it ran until the first finding (null: none within maxRuns). */
export async function seedsToFind(scenario: AnyScenario, sweeps: number, maxRuns: number): Promise<(number | null)[]> {
  const runs: (number | null)[] = [];
  for (let k = 0; k < sweeps; k++) {
    let found: number | null = null;
    for (let n = 1; n <= maxRuns && found === null; n++) {
      const seed = sweepStart(k) + n - 1;
      const { result } = await runOnce(scenario, seed, scheduleForSeed(scenario, seed));
      if (isFinding(scenario, result)) found = n;
    }
    runs.push(found);
  }
  return runs;
}

/** "3" or ">40" (more than half the sweeps found nothing within maxRuns). */
export function medianText(runs: readonly (number | null)[], maxRuns: number): string {
  const m = median(runs.map((r) => r ?? Number.POSITIVE_INFINITY));
  return Number.isFinite(m) ? String(m) : `>${maxRuns}`;
}

function foundText(runs: readonly (number | null)[]): string {
  return `${runs.filter((r) => r !== null).length}/${runs.length}`;
}

/** The Markdown table of results: a row per scenario, a column per variant measured. */
export function table(results: readonly SeedsToFind[]): string[] {
  const variants = VARIANTS.filter((v) => results.some((r) => r.variant === v));
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const cell = (id: string, v: Variant): string => {
    const r = results.find((x) => x.scenario === id && x.variant === v);
    return r === undefined ? 'n/a' : `${medianText(r.runs, r.maxRuns)} (${foundText(r.runs)})`;
  };
  return [
    `| scenario | ${variants.map((v) => HEADINGS[v]).join(' | ')} |`,
    `|---|${variants.map(() => '---|').join('')}`,
    ...scenarios.map((id) => `| \`${id}\` | ${variants.map((v) => cell(id, v)).join(' | ')} |`),
  ];
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        sweeps: { type: 'string', default: '20' },
        'max-runs': { type: 'string', default: '40' },
        variants: { type: 'string', default: VARIANTS.join(',') },
        json: { type: 'string' },
        table: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`seeds-to-find: ${(error as Error).message}`);
    return 2;
  }
  if (parsed.values.table !== undefined) {
    let lines: string[];
    try {
      lines = readFileSync(parsed.values.table, 'utf8').split('\n').filter((l) => l.trim() !== '');
    } catch (error) {
      console.error(`seeds-to-find: --table ${parsed.values.table}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return 2;
    }
    console.log(table(lines.map((l) => JSON.parse(l) as SeedsToFind)).join('\n'));
    return 0;
  }
  const sweeps = Number(parsed.values.sweeps);
  const maxRuns = Number(parsed.values['max-runs']);
  if (!Number.isSafeInteger(sweeps) || sweeps < 1 || !Number.isSafeInteger(maxRuns) || maxRuns < 1) {
    console.error('seeds-to-find: --sweeps and --max-runs take positive integers');
    return 2;
  }
  const variants = parsed.values.variants.split(',');
  const badVariant = variants.find((v) => !(VARIANTS as readonly string[]).includes(v));
  if (badVariant !== undefined) {
    console.error(`seeds-to-find: unknown variant "${badVariant}" (valid: ${VARIANTS.join(', ')})`);
    return 2;
  }
  const wanted = parsed.positionals;
  const unknown = wanted.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) {
    console.error(`seeds-to-find: unknown scenario ${unknown.join(', ')}`);
    return 2;
  }
  const results: SeedsToFind[] = [];
  for (const scenario of SCENARIOS.filter((s) => s.expect === 'violation' && (wanted.length === 0 || wanted.includes(s.id)))) {
    for (const variant of VARIANTS.filter((v) => variants.includes(v))) {
      const s = variantOf(scenario, variant);
      if (s === null) continue;
      const record: SeedsToFind = { scenario: scenario.id, variant, runs: await seedsToFind(s, sweeps, maxRuns), maxRuns };
      if (parsed.values.json !== undefined) appendFileSync(parsed.values.json, `${JSON.stringify(record)}\n`);
      console.log(`${scenario.id} ${variant}: ${medianText(record.runs, maxRuns)} (${foundText(record.runs)}) [${record.runs.map((r) => r ?? '-').join(' ')}]`);
      results.push(record);
    }
  }
  console.log(`\nMedian seeds to the first violation over ${sweeps} sweeps (at most ${maxRuns} seeds each; found in how many sweeps):\n`);
  console.log(table(results).join('\n'));
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
