/** Finds scenarios by id, glob (`examples/*`) or tag (`smoke`, `nightly`, a system's name). */
import picomatch from 'picomatch';
import { SCENARIOS } from '../../scenarios/index.js';
import type { AnyScenario } from './scenario.js';

import { UsageError } from './usage-error.js';

export { UsageError };

export function allScenarios(): readonly AnyScenario[] {
  return SCENARIOS;
}

export function allTags(scenarios: readonly AnyScenario[] = SCENARIOS): string[] {
  return [...new Set(scenarios.flatMap((s) => s.tags))].sort();
}

/**
 * The scenarios a list of selectors names, in registry order, each once. A selector is an exact id, a
 * glob over ids (`*` within a path segment, `**` across), or a tag. Unknown selectors throw a
 * UsageError listing what is valid.
 */
export function selectScenarios(selectors: readonly string[], scenarios: readonly AnyScenario[] = SCENARIOS): AnyScenario[] {
  if (selectors.length === 0) throw new UsageError(`name at least one scenario, glob or tag.\n${validSelectors(scenarios)}`);
  const chosen = new Set<AnyScenario>();
  for (const selector of selectors) {
    let matched: AnyScenario[];
    if (selector.includes('*') || selector.includes('?')) {
      const matches = picomatch(selector);
      matched = scenarios.filter((s) => matches(s.id));
    } else {
      matched = scenarios.filter((s) => s.id === selector || s.tags.includes(selector));
    }
    if (matched.length === 0) throw new UsageError(`unknown scenario, glob or tag "${selector}".\n${validSelectors(scenarios)}`);
    for (const s of matched) chosen.add(s);
  }
  return scenarios.filter((s) => chosen.has(s));
}

export function findScenario(id: string, scenarios: readonly AnyScenario[] = SCENARIOS): AnyScenario {
  const found = scenarios.find((s) => s.id === id);
  if (found === undefined) throw new UsageError(`unknown scenario "${id}".\n${validSelectors(scenarios)}`);
  return found;
}

export function validSelectors(scenarios: readonly AnyScenario[] = SCENARIOS): string {
  return `valid ids: ${scenarios.map((s) => s.id).join(', ')}\nvalid tags: ${allTags(scenarios).join(', ')}`;
}
