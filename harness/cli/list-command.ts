/** `faultline list`: the scenarios faultline knows here: the faultline.config's, module files named, the catalogue. */
import { validSelectors } from '../run/registry.js';
import { parse } from './args.js';
import { findConfig, loadConfig } from './config-file.js';
import type { Io } from './io.js';
import { selectRun } from './scenario-selection.js';

export const LIST_USAGE = `usage: faultline list [SELECTOR...] [--json]
  lists scenarios (id, tags, expect, description); selectors (ids, globs, tags, module files) narrow it like
  faultline run's; with none, every scenario faultline knows here (the faultline.config's, or the catalogue)
  --json  one JSON array`;

export async function listCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('list', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const, LIST_USAGE);
  if (values.help) {
    io.out(LIST_USAGE);
    return 0;
  }
  const configFile = findConfig(process.cwd());
  const config = configFile !== null ? await loadConfig(configFile) : null;
  const known = await selectRun(positionals, { cwd: process.cwd(), config, listing: true });
  const scenarios = positionals.length > 0 ? known.selected : known.scenarios;
  const rows = scenarios.map((s) => ({
    id: s.id, tags: s.tags, expect: s.expect, description: s.description,
    seeds: s.seeds, coverage: s.coverage ?? [],
  }));
  if (values.json) {
    io.out(JSON.stringify(rows, null, 1));
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) {
    io.out(`${r.id.padEnd(width)}  expect ${r.expect.padEnd(9)} [${r.tags.join(', ')}]`);
    io.out(`${' '.repeat(width)}  ${r.description}`);
  }
  io.out(`\n${validSelectors(scenarios)}`);
  return 0;
}
