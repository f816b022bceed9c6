/**
 * `npm run bench`: simulated events per second, seeds per second, checker time and CLI start-up.
 * Human-readable figures by default; `--json` prints one JSON object. Benchmarks print numbers; they assert nothing.
 */
import { parseArgs } from 'node:util';

interface Section {
  name: string;
  load: () => Promise<() => Promise<{ figures: Record<string, unknown>; lines: string[] }>>;
}

const SECTIONS: Section[] = [
  { name: 'kernel', load: async () => (await import('./kernel.js')).benchKernel },
  { name: 'checker', load: async () => (await import('./checker.js')).benchChecker },
  { name: 'pool', load: async () => (await import('./pool.js')).benchPool },
  { name: 'startup', load: async () => (await import('./startup.js')).benchStartup },
];

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\nusage: npm run bench -- [--json] [--only kernel|checker|pool|startup]`);
    return 2;
  }
  if (values.help) {
    console.log('usage: npm run bench -- [--json] [--only kernel|checker|pool|startup]');
    return 0;
  }
  const only = values.only;
  if (only !== undefined && !SECTIONS.some((s) => s.name === only)) {
    console.error(`bench: unknown section "${only}" (valid: ${SECTIONS.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const result: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    if (only !== undefined && section.name !== only) continue;
    const run = await section.load();
    const { figures, lines } = await run();
    result[section.name] = figures;
    if (!values.json) {
      console.log(`== ${section.name}`);
      for (const line of lines) console.log(`  ${line}`);
    }
  }
  if (values.json) console.log(JSON.stringify(result));
  return 0;
}

process.exitCode = await main();
