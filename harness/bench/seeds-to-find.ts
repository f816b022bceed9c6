/**
 * Seeds to find: for every expected-violation scenario, how many runs a property search
 * (`searchScenario`, no shrinking) makes until it finds the violation, over `--searches` search seeds
 * (1..N), with the scenario's nemesis as it is and without its faults hung on protocol points
 * (`nemesis.triggered`). Prints one line per scenario as it goes and a Markdown table at the end; a
 * search that finds nothing within `--max-runs` counts as more than that. Long: run it alone.
 *
 *   npx tsx harness/bench/seeds-to-find.ts [--searches 20] [--max-runs 40] [--json FILE] [scenario id ...]
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AnyScenario } from '../run/scenario.js';
import { searchScenario } from '../run/search.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { median } from './median.js';

export interface SeedsToFind {
  scenario: string;
  variant: 'with-triggered' | 'without-triggered';
  /** Runs until the first finding, per search seed; null: none within maxRuns. */
  runs: (number | null)[];
  maxRuns: number;
}

/** The scenario without the faults its nemesis hangs on protocol points. */
export function withoutTriggered(scenario: AnyScenario): AnyScenario {
  const { triggered: _triggered, ...nemesis } = scenario.nemesis;
  return { ...scenario, nemesis };
}

export async function seedsToFind(scenario: AnyScenario, searches: number, maxRuns: number): Promise<(number | null)[]> {
  const runs: (number | null)[] = [];
  for (let seed = 1; seed <= searches; seed++) {
    const search = await searchScenario(scenario, { runs: maxRuns, seed, shrinkRuns: 0 });
    runs.push(search.finding === null ? null : search.results.length);
  }
  return runs;
}

/** "3" or ">40" (more than half the searches found nothing within maxRuns). */
export function medianText(runs: readonly (number | null)[], maxRuns: number): string {
  const m = median(runs.map((r) => r ?? Number.POSITIVE_INFINITY));
  return Number.isFinite(m) ? String(m) : `>${maxRuns}`;
}

function foundText(runs: readonly (number | null)[]): string {
  return `${runs.filter((r) => r !== null).length}/${runs.length}`;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: { searches: { type: 'string', default: '20' }, 'max-runs': { type: 'string', default: '40' }, json: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`seeds-to-find: ${(error as Error).message}`);
    return 2;
  }
  const searches = Number(parsed.values.searches);
  const maxRuns = Number(parsed.values['max-runs']);
  if (!Number.isSafeInteger(searches) || searches < 1 || !Number.isSafeInteger(maxRuns) || maxRuns < 1) {
    console.error('seeds-to-find: --searches and --max-runs take positive integers');
    return 2;
  }
  const wanted = parsed.positionals;
  const unknown = wanted.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) {
    console.error(`seeds-to-find: unknown scenario ${unknown.join(', ')}`);
    return 2;
  }
  const scenarios = SCENARIOS.filter((s) => s.expect === 'violation' && (wanted.length === 0 || wanted.includes(s.id)));
  const rows: string[] = [];
  for (const scenario of scenarios) {
    const cells: string[] = [];
    for (const [variant, s] of [['without-triggered', withoutTriggered(scenario)], ['with-triggered', scenario]] as const) {
      if (variant === 'with-triggered' && scenario.nemesis.triggered === undefined) {
        cells.push('(no triggered faults)');
        continue;
      }
      const runs = await seedsToFind(s, searches, maxRuns);
      const record: SeedsToFind = { scenario: scenario.id, variant, runs, maxRuns };
      if (parsed.values.json !== undefined) appendFileSync(parsed.values.json, `${JSON.stringify(record)}\n`);
      cells.push(`${medianText(runs, maxRuns)} (found ${foundText(runs)})`);
    }
    const row = `| \`${scenario.id}\` | ${cells.join(' | ')} |`;
    console.log(row);
    rows.push(row);
  }
  console.log(`\nMedian runs to the first violation over ${searches} search seeds (at most ${maxRuns} runs each):\n`);
  console.log('| scenario | without triggered faults | with triggered faults |\n|---|---|---|');
  for (const row of rows) console.log(row);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
