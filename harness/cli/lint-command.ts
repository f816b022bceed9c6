/** `faultline lint [PATH...]`: the determinism lint on a user's own model and scenario files. */
import { dirname } from 'node:path';
import { filesOf, formatFinding, lintFiles, LINT_ADVICE } from '../guard/lint.js';
import { moduleSources } from '../run/scenario-modules.js';
import { UsageError } from '../run/usage-error.js';
import { parse } from './args.js';
import { findConfig, loadConfig } from './config-file.js';
import type { Io } from './io.js';
import { expandFiles } from './scenario-selection.js';

export const LINT_USAGE = `usage: faultline lint [PATH...]
  finds ambient time (Date, performance.now), randomness (Math.random, crypto), real timers and I/O in model
  and scenario files: code that runs inside the simulation must take them from its context
  PATH   a file, or a folder (its .ts and .js files, tests excepted); with none, every source file that the
         faultline.config's scenario modules import (packages excepted)
exit codes: 0 clean, 1 findings (each as file:line:column), 2 bad usage`;

export async function lintCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('lint', argv, { help: { type: 'boolean', short: 'h' } } as const, LINT_USAGE);
  if (values.help) {
    io.out(LINT_USAGE);
    return 0;
  }
  let files: string[];
  if (positionals.length > 0) {
    try {
      files = filesOf(positionals);
    } catch (error) {
      throw new UsageError(`faultline lint: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    const configFile = findConfig(process.cwd());
    const config = configFile !== null ? await loadConfig(configFile) : null;
    if (config === null || config.scenarios === undefined) throw new UsageError(`faultline lint: name files or folders, or run it where a faultline.config lists scenarios\n\n${LINT_USAGE}`);
    const modules = config.scenarios.flatMap((glob) => expandFiles(glob, dirname(config.file)));
    files = [...new Set((await Promise.all(modules.map(moduleSources))).flat())].sort();
  }
  const findings = lintFiles(files);
  for (const f of findings) io.err(formatFinding(f));
  if (findings.length > 0) {
    io.err(`\nfaultline lint: ${findings.length} forbidden call${findings.length === 1 ? '' : 's'} in ${files.length} files.\n${LINT_ADVICE}`);
    return 1;
  }
  io.out(`faultline lint: ${files.length} files clean.`);
  return 0;
}
